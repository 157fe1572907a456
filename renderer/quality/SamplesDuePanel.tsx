import { useEffect, useState } from 'react';
import type { DueSample } from '../../common/inspection.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useDueSamples } from '../store/use-mes.ts';
import { useAccess } from '../ui/access.tsx';
import { FeedbackLine, reasonOf, useFeedback } from '../ui/Feedback.tsx';
import { formatClock, formatCount } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';

/** The warning's shape beside its colour. */
const MARK = '▲';
const TICK_MS = 30_000;
const keyOf = (d: DueSample) => `${d.order}/${d.characteristic}`;

/**
 * The operator's due-list: each characteristic of the running order's inspection plan, due now,
 * overdue (the abnormal case: warning colour and shape) or next at a time or a count; values are
 * entered here and stamped by the runtime with person, time, order and lot.
 */
export function SamplesDuePanel({ visible, timeZone }: { visible: boolean; timeZone: string | undefined }) {
  const { t, i18n } = useT('quality');
  const { client } = useServices();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(timer);
  }, [visible]);
  const read = useDueSamples(visible, tick);
  const control = useAccess().control('workOrders.run');
  const { feedback, run, clear } = useFeedback();
  useEffect(() => clear(), [i18n.language, clear]);
  const [typed, setTyped] = useState<Record<string, string[]>>({});
  const [defects, setDefects] = useState<Record<string, string>>({});
  const rows = read.data ?? [];
  const record = (d: DueSample, result: { values?: number[]; pass?: boolean; defect?: string }) =>
    void run(
      t('due.recording'),
      () => client.call('quality.record', { order: d.order, characteristic: d.characteristic, values: result.values ?? [], ...(result.pass !== undefined ? { pass: result.pass } : {}), ...(result.defect ? { defect: result.defect } : {}) }),
      (r) => {
        read.retry();
        setTyped((was) => ({ ...was, [keyOf(d)]: [] }));
        return t('due.recorded', { name: d.name, lot: r.lot ?? '—', time: formatClock(r.at, timeZone, 'minutes') });
      },
      (error) => t('due.refused', { reason: reasonOf(error) }),
    );
  const state = (d: DueSample) => {
    if (d.overdue)
      return (
        <span className="wo__warn">
          <span aria-hidden="true">{MARK}</span> {t('due.overdue')}
        </span>
      );
    if (d.due) return <strong>{t('due.now')}</strong>;
    if (d.reason === 'units' && d.dueAtGood !== undefined) return t('due.atGood', { count: d.dueAtGood, good: formatCount(d.dueAtGood) });
    if (d.dueAt !== undefined) return t('due.at', { time: formatClock(d.dueAt, timeZone, 'minutes') });
    return null;
  };
  return (
    <section className="trace__due" data-testid="samples-due">
      <div className="wo__toolbar">
        <h2>{t('due.heading')}</h2>
        <FeedbackLine feedback={feedback} inline testId="samples-due-feedback" />
      </div>
      <LoadProblem call={read} what={t('due.readProblem')} />
      {read.data && rows.length === 0 && <p>{t('due.none')}</p>}
      {rows.length > 0 && (
        <table className="wo__table">
          <thead>
            <tr>
              <th>{t('due.columns.order')}</th>
              <th>{t('due.columns.check')}</th>
              <th>{t('due.columns.state')}</th>
              <th>{t('due.columns.result')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => {
              const values = typed[keyOf(d)] ?? [];
              const complete = d.kind === 'variable' && Array.from({ length: d.sampleSize }, (_, i) => values[i] ?? '').every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
              return (
                <tr key={keyOf(d)} data-characteristic={d.characteristic} data-due={d.due} data-overdue={d.overdue}>
                  <td>
                    <span data-project-text>{d.order}</span>
                    {d.lot && (
                      <span className="trace__detail" data-project-text>
                        {' '}
                        · {d.lot}
                      </span>
                    )}
                  </td>
                  <td>
                    <span data-project-text>{d.name}</span>
                    {d.unit && <span className="trace__detail"> ({d.unit})</span>}
                  </td>
                  <td>{state(d)}</td>
                  <td>
                    {d.tag !== undefined ? (
                      <span className="trace__detail">
                        {t('due.fromTag')} <span data-project-text>{d.tag}</span>
                      </span>
                    ) : d.kind === 'variable' ? (
                      <form
                        className="trace__set"
                        onSubmit={(e) => {
                          e.preventDefault();
                          if (complete) record(d, { values: values.slice(0, d.sampleSize).map(Number) });
                        }}
                      >
                        {Array.from({ length: d.sampleSize }, (_, i) => (
                          <input
                            key={i}
                            type="text"
                            inputMode="decimal"
                            className="input trace__value"
                            aria-label={t('due.value', { name: d.name, n: i + 1 })}
                            value={values[i] ?? ''}
                            disabled={control.disabled}
                            onChange={(e) =>
                              setTyped((was) => {
                                const next = [...(was[keyOf(d)] ?? [])];
                                next[i] = e.target.value;
                                return { ...was, [keyOf(d)]: next };
                              })
                            }
                          />
                        ))}
                        <button type="submit" className="button" {...control} disabled={control.disabled || !complete}>
                          {t('due.record')}
                        </button>
                      </form>
                    ) : (
                      <AttributeEntry d={d} defect={defects[keyOf(d)] ?? ''} setDefect={(v) => setDefects((was) => ({ ...was, [keyOf(d)]: v }))} record={record} disabled={control.disabled} title={control.title} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AttributeEntry(props: { d: DueSample; defect: string; setDefect: (v: string) => void; record: (d: DueSample, r: { pass: boolean; defect?: string }) => void; disabled: boolean; title: string | undefined }) {
  const { t } = useT('quality');
  const { d, defect } = props;
  return (
    <span className="trace__set">
      <button type="button" className="button" disabled={props.disabled} title={props.title} onClick={() => props.record(d, { pass: true })}>
        {t('due.pass')}
      </button>
      <input type="text" className="input" aria-label={t('due.defect', { name: d.name })} value={defect} disabled={props.disabled} onChange={(e) => props.setDefect(e.target.value)} maxLength={50} />
      <button type="button" className="button" disabled={props.disabled || !defect.trim()} title={props.title} onClick={() => props.record(d, { pass: false, defect: defect.trim() })}>
        {t('due.fail')}
      </button>
    </span>
  );
}
