import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCall } from '../ui/use-call.ts';
import { formatNumber } from '../ui/value-format.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { Dialog } from '../ui/Dialog.tsx';

/**
 * The order's confirmations and how far each got to MES/ERP. A partial confirmation of an order on
 * the line can be reversed (asked first): the runtime sends a reversal and reverses what it backflushed.
 */
export function ConfirmationsPanel({ order }: { order: StoredWorkOrder }) {
  const { client } = useServices();
  const { t } = useT('workOrders');
  const access = useAccess();
  const [asking, setAsking] = useState<string | undefined>(undefined);
  const [state, act] = useAction();
  const key = order.key;
  const count = order.progress.confirmations;
  // An order MES/ERP cancelled is closed out by the cancel: nothing of it is reversed here.
  const onLine = (order.status === 'Running' || order.status === 'Held') && !order.progress.cancel;

  // Delivery states change with the sync, not only with the order.
  const read = useCall('workOrders.confirmations', { key }, { refreshKey: count, refreshOn: ['sync.changed'] });
  const rows = read.data;

  if (!rows || rows.length === 0) return null;
  const reverse = (id: string) => {
    setAsking(undefined);
    act(t('confirmations.reverseAction', { id }), async () => {
      const r = await client.call('workOrders.reverse', { key, completion: id });
      read.retry();
      return r.consumptions.length ? t('confirmations.queuedReversals', { id: r.completion.id, count: r.consumptions.length }) : t('confirmations.queued', { id: r.completion.id });
    });
  };
  return (
    <div className="wo__material" data-testid="wo-confirmations">
      <h3>{t('confirmations.title')}</h3>
      <table className="wo__table">
        <thead>
          <tr>
            <th>{t('confirmations.confirmation')}</th>
            <th className="wo__num">{t('confirmations.good')}</th>
            <th className="wo__num">{t('confirmations.reject')}</th>
            <th>{t('confirmations.kind')}</th>
            <th>{t('confirmations.mes')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(({ completion: c, state: s, reversedBy }) => {
            const reject = c.scrap.reduce((n, x) => n + x.quantity.value, 0);
            const reversible = onLine && !c.final && !c.reversalOf && !reversedBy;
            return (
              <tr key={c.id} data-id={c.id} data-state={s}>
                <td data-project-text="">{c.id}</td>
                <td className="wo__num">{signed(c.good.value, c.reversalOf !== undefined)}</td>
                <td className="wo__num">{signed(reject, c.reversalOf !== undefined)}</td>
                <td>
                  {c.reversalOf
                    ? t('confirmations.reverses', { id: c.reversalOf })
                    : c.final
                      ? c.cancelled
                        ? t('confirmations.finalCancelled')
                        : t('confirmations.final')
                      : reversedBy
                        ? t('confirmations.reversedBy', { id: reversedBy })
                        : t('confirmations.partial')}
                </td>
                <td className={s === 'delivered' || s === 'pending' ? undefined : 'wo__warn'}>{t(`confirmations.state.${s}`)}</td>
                <td>
                  {reversible && (
                    <button type="button" className="button" {...access.control('workOrders.run')} onClick={() => setAsking(c.id)}>
                      {t('confirmations.reverse')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {asking && (
        <Dialog className="wo__confirm" label={t('confirmations.confirmLabel')} onClose={() => setAsking(undefined)}>
          <p>{t('confirmations.question', { id: asking })}</p>
          <button type="button" className="button button--primary" onClick={() => reverse(asking)}>
            {t('confirmations.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setAsking(undefined)}>
            {t('confirmations.cancel')}
          </button>
        </Dialog>
      )}
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </div>
  );
}

/** A reversal's quantities are shown negative (what it takes back); zero has no sign. */
function signed(value: number, reversal: boolean): string {
  return `${reversal && value > 0 ? '−' : ''}${formatNumber(value, 0)}`;
}
