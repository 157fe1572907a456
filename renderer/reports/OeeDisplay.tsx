import { useEffect, useState } from 'react';
import { Trans } from 'react-i18next';
import type { DowntimeEvent } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { useProjectTexts } from '../ui/project-texts.ts';
import { reasonTextId, shiftTextId } from '../../common/project-texts.ts';
import { OeeTiles } from './OeeTiles.tsx';
import { Pareto } from './Pareto.tsx';
import { mins, plantTime } from './report-format.ts';

/** An operator's reason for a stop: picked from the line's codes, recorded in the runtime, shown with who set it. */
function StopReason({ line, stop, reasons }: { line: string; stop: DowntimeEvent; reasons: ReadonlyArray<{ code: string; text: string }> }) {
  const { client } = useServices();
  const { t } = useT('reports');
  const command = useFeedback();
  const texts = useProjectTexts();
  const reasonOf = (code: string, text: string) => texts.text(reasonTextId(line, code), text);
  if (reasons.length === 0) return <span data-project-text="">{reasonOf(stop.code, stop.reason)}</span>;
  const known = reasons.some((r) => r.code === stop.code);
  // Accepted shows as the new reason in the list itself.
  const pick = (code: string) =>
    void command
      .run(
        t('oee.saving'),
        () => client.call('oee.classify', { line, start: stop.start, code }),
        () => '',
      )
      .then((done) => done && command.clear());
  return (
    <span className="stop-reason">
      <select className="stop-reason__select" aria-label={t('oee.stopReason', { start: stop.start })} value={stop.code} onChange={(e) => pick(e.target.value)} data-testid="stop-reason" data-project-text="">
        {!known && <option value={stop.code}>{reasonOf(stop.code, stop.reason)}</option>}
        {reasons.map((r) => (
          <option key={r.code} value={r.code}>
            {reasonOf(r.code, r.text)}
          </option>
        ))}
      </select>
      {stop.classifiedBy && <span className="stop-reason__by">{t('oee.by', { user: stop.classifiedBy })}</span>}
      <FeedbackLine feedback={command.feedback} inline />
    </span>
  );
}

/** Live OEE of the current shift per line, the downtime Pareto and events, and the shift logbook. */
export function OeeDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const { t, i18n } = useT('reports');
  const texts = useProjectTexts();
  const session = useCell(plant.session);
  const zone = session?.timeZone;
  // Read while shown; between reads the runtime pushes each change.
  const read = useCall('oee.current', {}, { paused: !visible, refreshKey: String(visible) });
  const current = read.data;
  const setCurrent = read.set;
  const [text, setText] = useState('');
  const comment = useFeedback();
  const feedback = comment.feedback;

  useEffect(() => (visible ? client.on('oee.changed', setCurrent) : undefined), [visible, client, setCurrent]);

  const shift = current?.shift;
  const logbook = useCall('logbook.list', visible && shift ? { from: shift.start, to: shift.end } : undefined, { refreshKey: feedback.state }).data ?? [];

  const addComment = () => {
    if (!text.trim()) return;
    void comment.run(
      t('oee.saving'),
      async () => {
        await client.call('logbook.add', { text, line: current?.lines[0]?.line ?? '' });
        setText('');
      },
      () => t('oee.saved'),
    );
  };

  return (
    <div className="oee-display">
      <div className="report-toolbar">
        <h1 className="display__title">{t('oee.title')}</h1>
        <span className="report-toolbar__note" data-testid="oee-shift">
          {shift ? (
            <Trans
              i18n={i18n}
              t={t}
              i18nKey="oee.shift"
              values={{ shift: texts.text(shiftTextId(shift.shift), shift.shift), from: plantTime(shift.start, zone), to: plantTime(shift.end, zone, false) }}
              components={{ 1: <span data-project-text="" /> }}
            />
          ) : current ? (
            t('oee.noShift')
          ) : (
            ''
          )}
        </span>
      </div>
      <LoadProblem call={read} what={t('oee.couldNotRead')} />
      {current?.lines.map((o) => (
        <section key={o.line} className="report-panel" aria-label={t('oee.line', { line: o.line })}>
          <h2 className="report-panel__title" data-project-text="">
            {o.line}
          </h2>
          <OeeTiles oee={o} testId={`oee-tiles-${o.line}`} />
          <div className="oee-columns">
            <div>
              <h3 className="report-panel__subtitle">{t('oee.downtimeByReason')}</h3>
              <Pareto entries={o.pareto.map((p) => ({ ...p, reason: texts.text(reasonTextId(o.line, p.code), p.reason) }))} testId="oee-pareto" />
            </div>
            <div>
              <h3 className="report-panel__subtitle">{t('oee.stops', { count: o.downtime.length })}</h3>
              <table className="report-table report-table--compact">
                <thead>
                  <tr>
                    <th>{t('oee.start')}</th>
                    <th>{t('oee.reason')}</th>
                    <th className="num">{t('oee.duration')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.downtime
                    .slice(-12)
                    .reverse()
                    .map((d) => (
                      <tr key={d.start}>
                        <td>{plantTime(d.start, zone, false)}</td>
                        <td>
                          <StopReason line={o.line} stop={d} reasons={current.reasons[o.line] ?? []} />
                        </td>
                        <td className="num">{mins(d.durationMs)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </div>
        </section>
      ))}
      {shift && (
        <section className="report-panel" aria-label={t('oee.logbook')}>
          <h2 className="report-panel__title">{t('oee.logbook')}</h2>
          <div className="logbook-form">
            <textarea className="logbook-form__text" aria-label={t('oee.comment')} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('oee.commentPlaceholder')} data-testid="logbook-text" />
            <button type="button" className="button button--primary" disabled={!text.trim() || feedback.state === 'pending'} onClick={addComment} data-testid="logbook-add">
              {t('oee.addToLogbook')}
            </button>
            <FeedbackLine feedback={feedback} inline testId="logbook-feedback" />
          </div>
          <ul className="logbook-list" data-testid="logbook-list">
            {logbook.map((e) => (
              <li key={e.id}>
                <span className="logbook-list__time">{plantTime(e.at, zone, false)}</span>
                <span className="logbook-list__user" data-project-text="">
                  {e.user}
                </span>
                <span data-project-text="">{e.text}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
