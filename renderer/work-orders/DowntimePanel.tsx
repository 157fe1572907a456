import { useState } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { useDowntime } from '../store/use-mes.ts';
import { formatDayTimeText, formatNumber } from '../ui/format.ts';

/** Recent stops detected from the machine state; the operator gives each a reason code. */
export function DowntimePanel({ visible, reasons, timeZone }: { visible: boolean; reasons: Array<{ code: string; label: string }>; timeZone: string | undefined }) {
  const { client } = useServices();
  const { t } = useT('workOrders');
  const { data } = useDowntime(visible);
  const [state, act] = useAction();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const events = data ?? [];
  return (
    <section className="wo__downtime" aria-label={t('downtime.label')}>
      <h2>{t('downtime.title')}</h2>
      <table className="wo__table" data-testid="wo-downtime">
        <thead>
          <tr>
            <th>{t('downtime.start')}</th>
            <th>{t('downtime.end')}</th>
            <th className="wo__num">{t('downtime.minutes')}</th>
            <th>{t('downtime.detected')}</th>
            <th>{t('downtime.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map(({ event }) => {
            const minutes = ((event.end ? Date.parse(event.end) : Date.now()) - Date.parse(event.start)) / 60_000;
            return (
              <tr key={event.id} data-id={event.id} data-reason={event.reason ?? ''}>
                <td>{formatDayTimeText(event.start, timeZone)}</td>
                <td>{event.end ? formatDayTimeText(event.end, timeZone) : <strong>{t('downtime.downNow')}</strong>}</td>
                <td className="wo__num">{formatNumber(minutes, 1)}</td>
                <td data-project-text="">{event.category}</td>
                <td>
                  {event.reason ? (
                    <span data-project-text="">{reasons.find((r) => r.code === event.reason)?.label ?? event.reason}</span>
                  ) : (
                    <span className="wo__classify">
                      <select aria-label={t('downtime.reasonFor', { start: formatDayTimeText(event.start, timeZone) })} value={choice[event.id] ?? ''} onChange={(e) => setChoice({ ...choice, [event.id]: e.target.value })}>
                        <option value="">{t('downtime.choose')}</option>
                        {reasons.map((r) => (
                          <option key={r.code} value={r.code} data-project-text="">
                            {r.label}
                          </option>
                        ))}
                      </select>
                      <button
                        type="button"
                        className="button"
                        disabled={!choice[event.id]}
                        onClick={() => act(t('downtime.classify'), async () => (await client.call('downtime.classify', { id: event.id, reason: choice[event.id]! }), undefined))}
                      >
                        {t('downtime.set')}
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
                {t('downtime.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </section>
  );
}
