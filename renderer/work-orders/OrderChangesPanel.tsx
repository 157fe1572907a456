import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { OrderChange, StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { formatDayTime } from '../ui/format.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { unitName } from './units.ts';
import { Dialog } from '../ui/Dialog.tsx';

/**
 * What MES/ERP changed about the order on the line. A cancel: the line is held, what was counted
 * is confirmed as the final partial (the operator acknowledges) or waits for a supervisor, who
 * confirms it (workOrders.decide). A revision: its changes, accepted by the operator (asked first:
 * changed parameters are written and read back by the runtime before it takes effect).
 */
export function OrderChangesPanel({ order, scrapReasons, timeZone }: { order: StoredWorkOrder; scrapReasons: Array<{ code: string; label: string }>; timeZone: string | undefined }) {
  // Feedback outlives the notice it came from (an accepted revision is no longer waiting).
  const [state, act] = useAction();
  const cancel = order.progress.cancel;
  const revision = order.progress.pendingRevision;
  const onLine = order.status === 'Running' || order.status === 'Held';
  return (
    <>
      {cancel ? <CancelNotice order={order} scrapReasons={scrapReasons} timeZone={timeZone} act={act} /> : revision && onLine ? <RevisionNotice order={order} act={act} /> : null}
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </>
  );
}

type Act = ReturnType<typeof useAction>[1];

function CancelNotice({ order, scrapReasons, timeZone, act }: { order: StoredWorkOrder; scrapReasons: Array<{ code: string; label: string }>; timeZone: string | undefined; act: Act }) {
  const { client } = useServices();
  const [scrapReason, setScrapReason] = useState('');
  const c = order.progress.cancel!;
  const p = order.progress;
  const key = order.key;
  const held = order.status === 'Held';
  const access = useAccess();
  const mayRun = access.may('workOrders.run');
  const mayDecide = access.may('workOrders.decide');
  const when = formatDayTime(new Date(c.at).getTime(), timeZone);
  const source = `${c.by}, ${c.how}${c.revision !== undefined ? `, revision ${c.revision}` : ''}`;
  return (
    <div className={`wo__change${held ? '' : ' wo__change--done'}`} role="status" data-testid="wo-cancel" data-state={c.state} data-status={order.status}>
      <p className="wo__change-title">
        {held && (
          <span className="wo__change-mark" aria-hidden="true">
            !
          </span>
        )}{' '}
        Cancelled by MES/ERP while {c.was === 'Running' ? 'running' : 'held'} ({source}) at {when}
      </p>
      {c.state === 'confirmed' ? (
        <p>
          {held ? 'The line is held. ' : ''}
          {p.good} good and {p.reject} rejected in all are confirmed to MES/ERP; the last confirmation, <strong>{c.completion}</strong>, is the final partial (
          {c.decidedBy === 'lineside' ? 'confirmed by the runtime, as this line is configured' : `confirmed by ${c.decidedBy}`}).
          {!held && c.acknowledgedBy ? ` Acknowledged by ${c.acknowledgedBy}.` : ''}
        </p>
      ) : (
        <p>
          The line is held. {p.good - p.confirmedGood} good and {p.reject - p.confirmedReject} rejected since the last confirmation wait for a supervisor&apos;s decision: they are confirmed to MES/ERP as the final partial of this order.
        </p>
      )}
      {held && c.state === 'confirmed' && (
        <div className="wo__buttons">
          <button
            type="button"
            className="button button--primary"
            disabled={!mayRun}
            title={access.why('workOrders.run')}
            onClick={() => act('Acknowledge', async () => (await client.call('workOrders.acknowledgeCancel', { key }), 'the order leaves the line'))}
          >
            Acknowledge
          </button>
        </div>
      )}
      {held && c.state === 'awaiting-decision' && (
        <div className="wo__buttons">
          <button
            type="button"
            className="button button--primary"
            disabled={!mayDecide}
            title={access.why('workOrders.decide')}
            onClick={() =>
              act('Confirm as final partial', async () => {
                const r = await client.call('workOrders.decideCancel', { key, ...(scrapReason ? { scrapReason } : {}) });
                return `${r.completion.id} (${r.completion.good.value} good) queued for MES/ERP`;
              })
            }
          >
            Confirm as final partial
          </button>
          {scrapReasons.length > 0 && (
            <label className="wo__scrap">
              Reject reason{' '}
              <select value={scrapReason} onChange={(e) => setScrapReason(e.target.value)} disabled={!mayDecide}>
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
    </div>
  );
}

function RevisionNotice({ order, act }: { order: StoredWorkOrder; act: Act }) {
  const { client } = useServices();
  const access = useAccess();
  const mayRun = access.may('workOrders.run');
  const [asking, setAsking] = useState(false);
  const r = order.progress.pendingRevision!;
  const params = r.changes.filter((c) => c.field.startsWith('parameters.'));
  const accept = () => {
    setAsking(false);
    act(`Accept revision ${r.revision}`, async () => {
      const done = await client.call('workOrders.acceptRevision', { key: order.key, revision: r.revision });
      return done.checks.length ? `read back ${done.checks.map((c) => `${c.name} = ${String(c.readBack)}`).join(', ')}` : 'no parameter changed';
    });
  };
  return (
    <div className="wo__change" role="status" data-testid="wo-revision" data-revision={r.revision}>
      <p className="wo__change-title">
        <span className="wo__change-mark" aria-hidden="true">
          !
        </span>{' '}
        Revision {r.revision} from MES/ERP ({r.by}) waits for acceptance; the line runs revision {order.order.revision}
      </p>
      <table className="wo__table wo__changes">
        <thead>
          <tr>
            <th>Changed</th>
            <th>Running</th>
            <th>New</th>
          </tr>
        </thead>
        <tbody>
          {r.changes.map((c) => (
            <tr key={c.field} data-field={c.field}>
              <td>{fieldName(c)}</td>
              <td>{value(c.from)}</td>
              <td>{value(c.to)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking ? (
        <Dialog className="wo__confirm" label="Confirm" onClose={() => setAsking(false)}>
          <p>
            Accept revision {r.revision}? {params.length > 0 ? `Writes ${params.map((c) => `${fieldName(c)} = ${value(c.to)}`).join(', ')} to the line and reads it back first.` : 'No parameter is written.'}
          </p>
          <button type="button" className="button button--primary" onClick={accept}>
            Confirm
          </button>
          <button type="button" className="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </Dialog>
      ) : (
        <div className="wo__buttons">
          <button type="button" className="button button--primary" disabled={!mayRun} title={access.why('workOrders.run')} onClick={() => setAsking(true)}>
            Accept revision {r.revision}
          </button>
        </div>
      )}
    </div>
  );
}

function fieldName(c: OrderChange): string {
  if (c.field.startsWith('parameters.')) return c.field.slice('parameters.'.length);
  if (c.field.startsWith('bom.')) return `Material ${c.field.slice('bom.'.length)}`;
  return { quantity: 'Quantity', material: 'Product', workCentre: 'Work centre', operations: 'Operations' }[c.field] ?? c.field;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object' && !Array.isArray(v) && 'value' in v && 'unit' in v) return `${String((v as { value: unknown }).value)} ${unitName(String((v as { unit: unknown }).unit))}`;
  return Array.isArray(v) ? v.join(', ') : String(v);
}
