import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { CallResult } from '../../common/contract.ts';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { useCall } from '../ui/use-call.ts';
import { formatNumber } from '../ui/value-format.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { Dialog } from '../ui/Dialog.tsx';

type Confirmations = CallResult<'workOrders.confirmations'>;

const STATE_TEXT: Record<Confirmations[number]['state'], string> = { pending: 'waiting', delivered: 'delivered', blocked: 'waiting for a mapping', quarantined: 'quarantined' };

/**
 * The order's confirmations and how far each got to MES/ERP. A partial confirmation of an order on
 * the line can be reversed (asked first): the runtime sends a reversal and reverses what it backflushed.
 */
export function ConfirmationsPanel({ order }: { order: StoredWorkOrder }) {
  const { client } = useServices();
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
    act(`Reverse ${id}`, async () => {
      const r = await client.call('workOrders.reverse', { key, completion: id });
      read.retry();
      return `${r.completion.id} queued for MES/ERP${r.consumptions.length ? `, with ${r.consumptions.length} consumption reversal${r.consumptions.length === 1 ? '' : 's'}` : ''}`;
    });
  };
  return (
    <div className="wo__material" data-testid="wo-confirmations">
      <h3>Confirmations</h3>
      <table className="wo__table">
        <thead>
          <tr>
            <th>Confirmation</th>
            <th className="wo__num">Good</th>
            <th className="wo__num">Reject</th>
            <th>Kind</th>
            <th>MES/ERP</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(({ completion: c, state: s, reversedBy }) => {
            const reject = c.scrap.reduce((n, x) => n + x.quantity.value, 0);
            const reversible = onLine && !c.final && !c.reversalOf && !reversedBy;
            return (
              <tr key={c.id} data-id={c.id} data-state={s}>
                <td>{c.id}</td>
                <td className="wo__num">{signed(c.good.value, c.reversalOf !== undefined)}</td>
                <td className="wo__num">{signed(reject, c.reversalOf !== undefined)}</td>
                <td>{c.reversalOf ? `reverses ${c.reversalOf}` : c.final ? (c.cancelled ? 'final partial (cancelled)' : 'final') : reversedBy ? `partial, reversed by ${reversedBy}` : 'partial'}</td>
                <td className={s === 'delivered' || s === 'pending' ? undefined : 'wo__warn'}>{STATE_TEXT[s]}</td>
                <td>
                  {reversible && (
                    <button type="button" className="button" {...access.control('workOrders.run')} onClick={() => setAsking(c.id)}>
                      Reverse
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {asking && (
        <Dialog className="wo__confirm" label="Confirm" onClose={() => setAsking(undefined)}>
          <p>Reverse {asking}? MES/ERP is told to cancel it and what it backflushed; the counts drop by its quantities.</p>
          <button type="button" className="button button--primary" onClick={() => reverse(asking)}>
            Confirm
          </button>
          <button type="button" className="button" onClick={() => setAsking(undefined)}>
            Cancel
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
