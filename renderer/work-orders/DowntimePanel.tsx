import { useState } from 'react';
import { useServices } from '../app/services.tsx';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { useDowntime } from '../store/use-mes.ts';
import { formatDayTimeText } from '../ui/format.ts';

/** Recent stops detected from the machine state; the operator gives each a reason code. */
export function DowntimePanel({ visible, reasons, timeZone }: { visible: boolean; reasons: Array<{ code: string; label: string }>; timeZone: string | undefined }) {
  const { client } = useServices();
  const { data } = useDowntime(visible);
  const [state, act] = useAction();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const events = data ?? [];
  return (
    <section className="wo__downtime" aria-label="Downtime">
      <h2>Downtime</h2>
      <table className="wo__table" data-testid="wo-downtime">
        <thead>
          <tr>
            <th>Start</th>
            <th>End</th>
            <th className="wo__num">Minutes</th>
            <th>Detected</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {events.map(({ event }) => {
            const minutes = ((event.end ? Date.parse(event.end) : Date.now()) - Date.parse(event.start)) / 60_000;
            return (
              <tr key={event.id} data-id={event.id} data-reason={event.reason ?? ''}>
                <td>{formatDayTimeText(event.start, timeZone)}</td>
                <td>{event.end ? formatDayTimeText(event.end, timeZone) : <strong>down now</strong>}</td>
                <td className="wo__num">{minutes.toFixed(1)}</td>
                <td>{event.category}</td>
                <td>
                  {event.reason ? (
                    (reasons.find((r) => r.code === event.reason)?.label ?? event.reason)
                  ) : (
                    <span className="wo__classify">
                      <select aria-label={`Reason for the stop at ${formatDayTimeText(event.start, timeZone)}`} value={choice[event.id] ?? ''} onChange={(e) => setChoice({ ...choice, [event.id]: e.target.value })}>
                        <option value="">choose a reason…</option>
                        {reasons.map((r) => (
                          <option key={r.code} value={r.code}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                      <button type="button" className="button" disabled={!choice[event.id]} onClick={() => act('Classify', async () => (await client.call('downtime.classify', { id: event.id, reason: choice[event.id]! }), undefined))}>
                        Set
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
          {events.length === 0 && (
            <tr>
              <td colSpan={5} className="wo__muted">
                No stops recorded.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </section>
  );
}
