import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { formatNumber } from '../ui/value-format.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { unitName } from './units.ts';

/** An example UNECE unit code for the unit field (a code, the same in every language). */
const EXAMPLE_UNIT = 'KGM';

/**
 * The order's material: what was consumed (backflushed with each confirmation, recorded by hand,
 * reversed), and, on a running or held order, a form to record material used (material, lot,
 * quantity, unit). Recording needs workOrders.run; the runtime checks it and audits the entry.
 */
export function MaterialPanel({ order }: { order: StoredWorkOrder }) {
  const { client } = useServices();
  const { t } = useT('workOrders');
  const access = useAccess();
  const mayRecord = access.may('workOrders.run');
  const [state, act] = useAction();
  const bom = order.order.bom;
  const [material, setMaterial] = useState('');
  const [lot, setLot] = useState('');
  const [quantity, setQuantity] = useState('');
  const [unit, setUnit] = useState('');
  const onLine = order.status === 'Running' || order.status === 'Held';
  const key = order.key;
  const consumed = order.progress.consumptions ?? 0;

  // Re-read when the order records another consumption (its counter moves with each one).
  const read = useCall('workOrders.consumptions', { key }, { refreshKey: consumed });
  const rows = read.data;

  const pick = (code: string) => {
    setMaterial(code);
    const line = bom.find((b) => b.material.code === code);
    if (line) setUnit(line.quantity.unit);
  };
  const value = Number(quantity.replace(',', '.'));
  const ready = material.trim() !== '' && quantity.trim() !== '' && Number.isFinite(value) && value > 0 && /^[A-Z0-9]{2,3}$/.test(unit);
  const record = () =>
    act(t('material.record'), async () => {
      const r = await client.call('workOrders.consume', { key, material: material.trim(), ...(lot.trim() ? { lot: lot.trim() } : {}), quantity: { value, unit } });
      setQuantity('');
      setLot('');
      read.retry();
      return t('material.queued', { quantity: formatNumber(r.consumption.quantity.value, 3), unit: unitName(r.consumption.quantity.unit), material: r.consumption.material.code });
    });

  return (
    <div className="wo__material" data-testid="wo-material">
      <h3>{t('material.title')}</h3>
      <table className="wo__table" data-testid="wo-consumptions">
        <thead>
          <tr>
            <th>{t('material.material')}</th>
            <th>{t('material.lot')}</th>
            <th className="wo__num">{t('material.quantity')}</th>
            <th>{t('material.source')}</th>
            <th>{t('material.message')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((r) => (
            <tr key={r.consumption.id} data-id={r.consumption.id} data-source={r.source}>
              <td data-project-text="">{r.consumption.material.code}</td>
              <td data-project-text="">{r.consumption.lot ?? '—'}</td>
              <td className="wo__num">
                {r.source === 'reversal' ? '−' : ''}
                {formatNumber(r.consumption.quantity.value, 3)} {unitName(r.consumption.quantity.unit)}
              </td>
              <td>{t(`material.sources.${r.source}`)}</td>
              <td className="wo__muted" data-project-text="">
                {r.consumption.id}
              </td>
            </tr>
          ))}
          {rows && rows.length === 0 && (
            <tr>
              <td colSpan={5} className="wo__muted">
                {bom.length > 0 ? t('material.nothingBom') : t('material.nothing')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <LoadProblem call={read} what={t('material.couldNotRead')} />
      {onLine && (
        <form
          className="wo__record"
          aria-label={t('material.record')}
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && mayRecord) record();
          }}
        >
          <label>
            {t('material.material')}
            <input list={`bom-${key}`} value={material} onChange={(e) => pick(e.target.value)} name="material" required />
            <datalist id={`bom-${key}`}>
              {bom.map((b) => (
                <option key={b.material.code} value={b.material.code} data-project-text="">
                  {b.material.description ?? b.material.code}
                </option>
              ))}
            </datalist>
          </label>
          <label>
            {t('material.lot')}
            <input value={lot} onChange={(e) => setLot(e.target.value)} name="lot" />
          </label>
          <label>
            {t('material.quantity')}
            <input className="wo__num" inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} name="quantity" required />
          </label>
          <label>
            {t('material.unit')}
            <input value={unit} onChange={(e) => setUnit(e.target.value.toUpperCase())} name="unit" size={4} placeholder={EXAMPLE_UNIT} title={t('material.unitTitle')} required />
            {unitName(unit) !== unit && (
              <span className="wo__muted" data-testid="wo-unit-symbol">
                {unitName(unit)}
              </span>
            )}
          </label>
          <button type="submit" className="button" disabled={!ready || !mayRecord} title={access.why('workOrders.run')}>
            {t('material.recordButton')}
          </button>
        </form>
      )}
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </div>
  );
}
