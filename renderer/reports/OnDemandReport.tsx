import { useState } from 'react';
import type { ReportSummary, ShiftInstance } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useAccess } from '../ui/access.tsx';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { plantWallInput, plantWallTime } from '../ui/format.ts';
import { useCall } from '../ui/use-call.ts';
import { plantTime } from './report-format.ts';

const CUSTOM = 'custom';
const DAY = 86_400_000;

/**
 * A report now, without waiting for a shift to end: the current shift so far, a past shift (the last
 * week) or a custom range in plant time. What is made is provisional until signed, and one of a
 * running shift stays provisional; the scheduled report at the shift's end is still made.
 */
export function OnDemandReport({ zone, visible, onMade }: { zone: string | undefined; visible: boolean; onMade(summary: ReportSummary): void }) {
  const { client } = useServices();
  const { t } = useT('reports');
  // The last 7 days of shifts, read again each time the display is shown.
  const [since] = useState(() => Date.now() - 7 * DAY);
  const shiftsRead = useCall('shifts.list', { from: Math.floor(since / 60_000) * 60_000 }, { paused: !visible, refreshKey: String(visible) });
  const current = shiftsRead.data?.current ?? null;
  const past = (shiftsRead.data?.shifts ?? []).filter((s) => s.end <= Date.now()).sort((a, b) => b.start - a.start);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const picked = choice ?? current?.id ?? past[0]?.id ?? CUSTOM;
  const [range, setRange] = useState(() => ({ from: plantWallInput(Date.now() - 2 * 3_600_000, zone), to: plantWallInput(Date.now(), zone) }));
  const { feedback, run, set } = useFeedback();
  // The same permission the runtime checks for reports.generate (common/call-access.ts).
  const access = useAccess();

  const label = (s: ShiftInstance) => t('onDemand.shiftLabel', { shift: s.shift, from: plantTime(s.start, zone), to: plantTime(s.end, zone, false) });
  const generate = () => {
    let params: { shiftId: string } | { from: number; to: number };
    if (picked === CUSTOM) {
      const from = plantWallTime(range.from, zone);
      const to = plantWallTime(range.to, zone);
      if (from === undefined || to === undefined) return set({ state: 'refused', text: t('onDemand.bothTimes') });
      params = { from, to };
    } else params = { shiftId: picked };
    void run(
      t('onDemand.generating'),
      () => client.call('reports.generate', params),
      (made) => {
        onMade(made);
        return made.provisional ? t('onDemand.madeProvisional') : t('onDemand.made');
      },
    );
  };

  return (
    <section className="report-on-demand" aria-label={t('onDemand.label')}>
      <h2 className="report-panel__subtitle">{t('onDemand.title')}</h2>
      <label className="report-on-demand__field">
        <span>{t('onDemand.for')}</span>
        <select value={picked} onChange={(e) => setChoice(e.target.value)} data-testid="report-demand-choice">
          {/* An option holds text only: the shift's name (project text) cannot be marked apart, so the option is. */}
          {current && (
            <option value={current.id} data-project-text="">
              {t('onDemand.current', { shift: label(current) })}
            </option>
          )}
          {past.map((s) => (
            <option key={s.id} value={s.id} data-project-text="">
              {label(s)}
            </option>
          ))}
          <option value={CUSTOM}>{t('onDemand.custom')}</option>
        </select>
      </label>
      {picked === CUSTOM && (
        <div className="report-on-demand__range">
          <label className="report-on-demand__field">
            <span>{t('onDemand.from')}</span>
            <input type="datetime-local" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} data-testid="report-demand-from" />
          </label>
          <label className="report-on-demand__field">
            <span>{t('onDemand.to')}</span>
            <input type="datetime-local" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} data-testid="report-demand-to" />
          </label>
        </div>
      )}
      <button type="button" className="button button--primary" {...access.control('reports.export', feedback.state === 'pending')} onClick={generate} data-testid="report-demand-generate">
        {t('onDemand.generate')}
      </button>
      <FeedbackLine feedback={feedback} testId="report-demand-feedback" />
    </section>
  );
}
