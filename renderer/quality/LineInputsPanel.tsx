import { useEffect, useState } from 'react';
import type { LineInput } from '../../common/lots.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useAccess } from '../ui/access.tsx';
import { FeedbackLine, reasonOf, useFeedback } from '../ui/Feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useLineInputs } from '../store/use-mes.ts';

/** The warning's shape beside its colour (colour-blind operators). */
const MARK = '▲';
const NONE = '—';
const at = (ms: number, timeZone: string | undefined) => formatDateTime(ms, timeZone, 'minutes');

/**
 * The lot in use per material at each line (the running order's BOM first): a material the order
 * needs without a lot is the abnormal case, marked so; an operator scans or types the new lot.
 */
export function LineInputsPanel({ visible, timeZone }: { visible: boolean; timeZone: string | undefined }) {
  const { t, i18n } = useT('quality');
  const { client } = useServices();
  const read = useLineInputs(visible);
  const control = useAccess().control('workOrders.run');
  const { feedback, run, clear } = useFeedback();
  // A feedback line was written in the language of its moment: a switch of language clears it.
  useEffect(() => clear(), [i18n.language, clear]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const inputs = read.data ?? [];
  const missing = inputs.filter((i) => i.needed && !i.lot).length;
  const keyOf = (i: LineInput) => `${i.line}/${i.material}`;
  const apply = (i: LineInput, lot: string | undefined) =>
    void run(
      t('inputs.setting'),
      () => client.call('lots.setLineInput', { line: i.line, material: i.material, ...(lot ? { lot } : {}) }),
      (done) => {
        read.retry();
        setTyped((was) => ({ ...was, [keyOf(i)]: '' }));
        return done.lot ? t('inputs.setDone', { material: i.material, line: i.line, lot: done.lot }) : t('inputs.cleared', { material: i.material, line: i.line });
      },
      (error) => t('inputs.refused', { reason: reasonOf(error) }),
    );
  return (
    <section className="trace__inputs" data-testid="line-inputs">
      <div className="wo__toolbar">
        <h2>{t('inputs.heading')}</h2>
        <FeedbackLine feedback={feedback} inline testId="line-inputs-feedback" />
      </div>
      <LoadProblem call={read} what={t('inputs.readProblem')} />
      {missing > 0 && (
        <p className="wo__warn trace__missing" role="status" data-testid="line-inputs-missing">
          <span aria-hidden="true">{MARK}</span> {t('inputs.missingNote', { count: missing })}
        </p>
      )}
      {read.data && inputs.length === 0 && <p>{t('inputs.none')}</p>}
      {inputs.length > 0 && (
        <table className="wo__table">
          <thead>
            <tr>
              <th>{t('inputs.columns.line')}</th>
              <th>{t('inputs.columns.material')}</th>
              <th>{t('inputs.columns.lot')}</th>
              <th>{t('inputs.columns.source')}</th>
              <th>{t('inputs.columns.change')}</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((i) => (
              <tr key={keyOf(i)} data-material={i.material} data-missing={i.needed && !i.lot}>
                <td data-project-text>{i.line}</td>
                <td data-project-text>
                  {i.material}
                  {!i.needed && <span className="trace__detail"> · {t('inputs.notNeeded')}</span>}
                </td>
                <td>
                  {i.lot ? (
                    <strong data-project-text>{i.lot}</strong>
                  ) : i.needed ? (
                    <span className="wo__warn">
                      <span aria-hidden="true">{MARK}</span> {t('inputs.missing')}
                    </span>
                  ) : (
                    NONE
                  )}
                </td>
                <td>
                  {i.source === 'tag' ? t('inputs.bySource.tag') : i.setBy ? t('inputs.bySource.operator', { who: i.setBy }) : ''}
                  {i.setAt !== undefined && <span className="trace__detail"> · {at(i.setAt, timeZone)}</span>}
                </td>
                <td>
                  <form
                    className="trace__set"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const lot = (typed[keyOf(i)] ?? '').trim();
                      if (lot) apply(i, lot);
                    }}
                  >
                    <input
                      type="text"
                      className="input"
                      aria-label={t('inputs.newLot', { material: i.material })}
                      value={typed[keyOf(i)] ?? ''}
                      onChange={(e) => setTyped((was) => ({ ...was, [keyOf(i)]: e.target.value }))}
                      disabled={control.disabled}
                      maxLength={100}
                    />
                    <button type="submit" className="button" {...control} disabled={control.disabled || !(typed[keyOf(i)] ?? '').trim()}>
                      {t('inputs.set')}
                    </button>
                    {i.lot && i.source === 'operator' && (
                      <button type="button" className="button" {...control} onClick={() => apply(i, undefined)}>
                        {t('inputs.clear')}
                      </button>
                    )}
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
