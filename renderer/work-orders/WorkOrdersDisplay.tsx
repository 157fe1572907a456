import { useEffect, useState } from 'react';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { formatDayTimeText } from '../ui/format.ts';
import { formatNumber } from '../ui/value-format.ts';
import { ConfirmationsPanel } from './ConfirmationsPanel.tsx';
import { DowntimePanel } from './DowntimePanel.tsx';
import { MaterialPanel } from './MaterialPanel.tsx';
import { OrderActions } from './OrderActions.tsx';
import { OrderChangesPanel } from './OrderChangesPanel.tsx';
import { unitName } from './units.ts';
import { useWorkOrders } from '../store/use-mes.ts';
import '../styles/work-orders.css';
import { LoadProblem } from '../ui/LoadProblem.tsx';

const OPEN = new Set(['Released', 'Ready', 'Running', 'Held']);
/** Where a parameter of an order without line parameters comes from. */
const FROM_ORDER = 'order' as const;

/**
 * The line's work order queue (from MES/ERP): the order on the line with live good/reject counts,
 * its commands (start with parameter read-back, hold/resume, partial confirmation, complete), the
 * queue, and the line's downtime waiting for a reason.
 */
export function WorkOrdersDisplay({ visible }: { visible: boolean }) {
  const { plant } = useServices();
  const { t } = useT('workOrders');
  const session = useCell(plant.session);
  const read = useWorkOrders(visible);
  const data = read.data;
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const orders = data?.orders ?? [];
  const line = data?.lines[0];
  const current = orders.find((o) => o.key === line?.running);
  const chosen = orders.find((o) => o.key === selected) ?? current ?? orders.find((o) => OPEN.has(o.status));
  const timeZone = session?.timeZone;
  // The order shown stays shown when it leaves the line (completed, cancelled): nothing jumps on its own.
  useEffect(() => {
    if (selected === undefined && chosen) setSelected(chosen.key);
  }, [selected, chosen]);

  return (
    <div className="wo">
      <div className="wo__toolbar">
        <h1 className="display__title">{t('display.title')}</h1>
        {line && (
          <span className="wo__line" data-testid="wo-line">
            <span data-project-text="">{line.workCentre}</span> · {t('display.machine')}{' '}
            {line.machineState !== undefined ? <span data-project-text="">{line.machineState}</span> : <span className="wo__bad">{t('display.stateUnknown')}</span>} ·{' '}
            {line.running ? t('display.running', { order: line.running.split('/')[1] }) : t('display.noOrder')}
          </span>
        )}
        <LoadProblem call={read} what={t('display.couldNotRead')} inline />
      </div>
      <div className="wo__main">
        <section className="wo__queue" aria-label={t('display.queue')}>
          <table className="wo__table" data-testid="wo-queue">
            <thead>
              <tr>
                <th>{t('display.order')}</th>
                <th>{t('display.material')}</th>
                <th className="wo__num">{t('display.planned')}</th>
                <th className="wo__num">{t('display.good')}</th>
                <th>{t('display.start')}</th>
                <th>{t('display.status')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.key} className={`wo__row${o.key === chosen?.key ? ' wo__row--selected' : ''}${OPEN.has(o.status) ? '' : ' wo__row--done'}`} onClick={() => setSelected(o.key)} data-key={o.key} data-status={o.status}>
                  <td>
                    <button type="button" className="wo__link" onClick={() => setSelected(o.key)}>
                      {o.order.id}
                    </button>
                  </td>
                  <td data-project-text="">{o.order.material.description ?? o.order.material.code}</td>
                  <td className="wo__num">{qty(o.order.quantity.value, o.order.quantity.unit)}</td>
                  <td className="wo__num">{formatNumber(o.progress.good, 0)}</td>
                  <td>{o.order.scheduledStart ? formatDayTimeText(o.order.scheduledStart, timeZone) : '—'}</td>
                  <td>
                    <StatusText status={o.status} />
                    {o.progress.cancel && o.status === 'Held' && <span className="wo__mark"> · {t('display.cancelledByMes')}</span>}
                    {!o.progress.cancel && o.progress.pendingRevision && (o.status === 'Running' || o.status === 'Held') && <span className="wo__mark"> · {t('display.revisionWaiting')}</span>}
                  </td>
                </tr>
              ))}
              {orders.length === 0 && (
                <tr>
                  <td colSpan={6} className="wo__muted">
                    {t('display.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
        <section className="wo__detail" aria-label={t('display.order')}>
          {chosen ? <OrderDetail order={chosen} busy={line?.running !== undefined && line.running !== chosen.key} reasons={data?.reasonCodes ?? []} timeZone={timeZone} /> : <p className="wo__muted">{t('display.selectOrder')}</p>}
        </section>
      </div>
      <DowntimePanel visible={visible} reasons={(data?.reasonCodes ?? []).filter((r) => r.kind === 'downtime')} timeZone={timeZone} />
    </div>
  );
}

function OrderDetail({ order, busy, reasons, timeZone }: { order: StoredWorkOrder; busy: boolean; reasons: Array<{ code: string; label: string; kind: string }>; timeZone: string | undefined }) {
  const { t } = useT('workOrders');
  const p = order.progress;
  const unit = order.order.quantity.unit;
  const planned = order.order.quantity.value;
  const pct = planned > 0 ? Math.min(100, (p.good / planned) * 100) : 0;
  return (
    <div className="wo__card" data-testid="wo-detail" data-key={order.key} data-status={order.status}>
      <h2>
        {order.order.id} <span className="wo__muted">{t('detail.rev', { revision: order.order.revision })}</span>
      </h2>
      <p className="wo__muted">
        <span data-project-text="">
          {order.order.material.description ?? ''} ({order.order.material.code})
        </span>{' '}
        · {t('detail.due', { due: order.order.due ? formatDayTimeText(order.order.due, timeZone) : '—' })}
      </p>
      <div className="wo__counts">
        <Count label={t('detail.good')} value={p.good} unit={unit} testId="wo-good" />
        <Count label={t('detail.reject')} value={p.reject} unit={unit} testId="wo-reject" />
        <Count label={t('detail.planned')} value={planned} unit={unit} />
        <Count label={t('detail.confirmed')} value={p.confirmedGood} unit={unit} />
      </div>
      <div className="wo__progress" aria-label={t('detail.progress', { percent: Math.round(pct) })}>
        <div className="wo__progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <dl className="wo__params" data-testid="wo-params">
        {(order.lineParameters ?? order.order.parameters.map((x) => ({ ...x, source: FROM_ORDER }))).map((param) => (
          <div key={param.name} data-source={param.source}>
            <dt>
              <span data-project-text="">{param.name}</span>
              {param.source === 'recipe' && <span className="wo__muted">{t('detail.recipe')}</span>}
            </dt>
            <dd>{String(param.value)}</dd>
          </div>
        ))}
      </dl>
      {order.parameterProblem && (
        <p className="wo__bad" data-testid="wo-parameter-problem">
          {t('detail.cannotStart', { problem: order.parameterProblem })}
        </p>
      )}
      {order.status === 'Held' && !p.cancel && <p className="wo__held">{p.holdReason ? t('detail.heldWhy', { reason: p.holdReason }) : t('detail.held')}</p>}
      <OrderChangesPanel key={order.key} order={order} scrapReasons={reasons.filter((r) => r.kind === 'scrap')} timeZone={timeZone} />
      <OrderActions order={order} busy={busy} scrapReasons={reasons.filter((r) => r.kind === 'scrap')} />
      <ConfirmationsPanel order={order} />
      <MaterialPanel order={order} />
    </div>
  );
}

function Count({ label, value, unit, testId }: { label: string; value: number; unit: string; testId?: string }) {
  return (
    <div className="wo__count">
      <span className="wo__count-label">{label}</span>
      <span className="wo__count-value" data-testid={testId}>
        {formatNumber(value, 0)}
      </span>
      <span className="wo__count-unit">{unitName(unit)}</span>
    </div>
  );
}

function StatusText({ status }: { status: string }) {
  const { t } = useT('workOrders');
  return <span className={`wo__status wo__status--${status.toLowerCase()}`}>{t(`status.${status}`, { defaultValue: status })}</span>;
}

function qty(value: number, unit: string): string {
  return `${formatNumber(value, 0)} ${unitName(unit)}`;
}
