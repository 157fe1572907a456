import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { unitName } from './units.ts';

type Pending = 'start' | 'confirm' | 'complete' | undefined;

/**
 * The order's commands. Start and complete ask for confirmation first (start writes the recipe to
 * the PLC); every command shows pending, accepted or refused with the runtime's reason.
 */
export function OrderActions({ order, busy, scrapReasons }: { order: StoredWorkOrder; busy: boolean; scrapReasons: Array<{ code: string; label: string }> }) {
  const { client } = useServices();
  const [state, act] = useAction();
  const [asking, setAsking] = useState<Pending>(undefined);
  const [scrapReason, setScrapReason] = useState<string>('');
  const key = order.key;
  const s = order.status;
  const canStart = (s === 'Released' || s === 'Ready') && !busy && !order.parameterProblem;
  // An order MES/ERP cancelled is closed out by the cancel (OrderChangesPanel), not by these commands.
  const cancelled = order.progress.cancel !== undefined;
  const onLine = (s === 'Running' || s === 'Held') && !cancelled;
  const scrap = scrapReason === '' ? {} : { scrapReason };
  // Every command here is 'workOrders.run': disabled with the reason for everyone else.
  const access = useAccess();
  const gate = (otherwise: boolean) => access.control('workOrders.run', otherwise);

  const run = (what: Pending) => {
    setAsking(undefined);
    if (what === 'start') {
      act('Start', async () => {
        const r = await client.call('workOrders.start', { key });
        return `read back ${r.checks.map((c) => `${c.name} = ${String(c.readBack)}`).join(', ') || 'no parameters'}`;
      });
    } else if (what === 'confirm') {
      act('Partial confirmation', async () => {
        const r = await client.call('workOrders.confirm', { key, ...scrap });
        return `${r.completion.good.value} good queued for MES/ERP${backflushed(r.consumptions.length)}`;
      });
    } else if (what === 'complete') {
      act('Complete', async () => {
        const r = await client.call('workOrders.complete', { key, ...scrap });
        return `final confirmation (${r.completion.good.value} good) queued for MES/ERP${backflushed(r.consumptions.length)}`;
      });
    }
  };

  return (
    <div className="wo__actions">
      {asking ? (
        <Dialog className="wo__confirm" label="Confirm" onClose={() => setAsking(undefined)}>
          <p>{question(asking, order)}</p>
          <button type="button" className="button button--primary" onClick={() => run(asking)}>
            Confirm
          </button>
          <button type="button" className="button" onClick={() => setAsking(undefined)}>
            Cancel
          </button>
        </Dialog>
      ) : (
        <div className="wo__buttons">
          {!onLine && !cancelled && (
            <button type="button" className="button button--primary" {...gate(!canStart)} onClick={() => setAsking('start')} title={access.why('workOrders.run') ?? (busy ? 'Another order is on the line' : order.parameterProblem)}>
              Start
            </button>
          )}
          {s === 'Held' ? (
            <button type="button" className="button" {...gate(cancelled)} onClick={() => act('Resume', async () => (await client.call('workOrders.resume', { key }), undefined))}>
              Resume
            </button>
          ) : (
            <button type="button" className="button" {...gate(s !== 'Running')} onClick={() => act('Hold', async () => (await client.call('workOrders.hold', { key, reason: 'held by operator' }), undefined))}>
              Hold
            </button>
          )}
          <button type="button" className="button" {...gate(!onLine)} onClick={() => setAsking('confirm')}>
            Partial confirm
          </button>
          <button type="button" className="button" {...gate(!onLine)} onClick={() => setAsking('complete')}>
            Complete
          </button>
          {onLine && scrapReasons.length > 0 && (
            <label className="wo__scrap">
              Reject reason{' '}
              <select value={scrapReason} onChange={(e) => setScrapReason(e.target.value)}>
                <option value="">default</option>
                {scrapReasons.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </div>
  );
}

function backflushed(n: number): string {
  return n === 0 ? '' : `, with ${n} material consumption${n === 1 ? '' : 's'} (backflush)`;
}

function question(what: Exclude<Pending, undefined>, order: StoredWorkOrder): string {
  const p = order.progress;
  const unit = order.order.quantity.unit;
  if (what === 'start') {
    const params = (order.lineParameters ?? order.order.parameters.map((x) => ({ ...x, source: 'order' }))).map((x) => `${x.name} = ${String(x.value)}${x.source === 'recipe' ? ' (recipe default)' : ''}`).join(', ');
    return `Start ${order.order.id}? ${params ? `Writes ${params} to the line and reads it back first.` : 'It has no parameters to write.'}`;
  }
  const good = p.good - p.confirmedGood;
  const reject = p.reject - p.confirmedReject;
  return what === 'confirm'
    ? `Confirm ${good} good and ${reject} rejected (${unitName(unit)}) of ${order.order.id} to MES/ERP as a partial confirmation?`
    : `Complete ${order.order.id}? Sends the final confirmation (${good} good, ${reject} rejected since the last one).`;
}
