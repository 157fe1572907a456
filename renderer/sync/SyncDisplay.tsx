import type { OutboxEntry } from '../../common/mes-contract.ts';
import { useAccess } from '../ui/access.tsx';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { useSyncStatus } from '../store/use-mes.ts';
import { formatDayTime } from '../ui/format.ts';
import '../styles/work-orders.css';
import { ConnectorOptionsPanel } from './ConnectorOptionsPanel.tsx';
import { MappingsPanel } from './MappingsPanel.tsx';
import { StorePanel } from './StorePanel.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';

/**
 * MES/ERP sync status: each connector's health, queue depth and oldest waiting message; the store's
 * size, oldest row, retention and last compaction; quarantined
 * and blocked messages with their reason and payload (retry / requeue, audited); the mapping tables
 * (edited by engineers); each connector's options (edited by engineers, secrets write-only); rejected
 * and held inbound orders.
 */
export function SyncDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const session = useCell(plant.session);
  const read = useSyncStatus(visible);
  const data = read.data;
  const [state, act] = useAction();
  const tz = session?.timeZone;
  const requeueControl = useAccess().control('sync.requeue');
  return (
    <div className="wo sync">
      <div className="wo__toolbar">
        <h1 className="display__title">MES/ERP sync</h1>
        <LoadProblem call={read} what="Could not read the sync status" inline />
      </div>
      <table className="wo__table" data-testid="sync-connectors">
        <thead>
          <tr>
            <th>Connector</th>
            <th>Type</th>
            <th>Health</th>
            <th className="wo__num">Waiting</th>
            <th className="wo__num">Oldest waiting</th>
            <th className="wo__num">Blocked</th>
            <th className="wo__num">Quarantined</th>
            <th className="wo__num">Delivered</th>
          </tr>
        </thead>
        <tbody>
          {(data?.connectors ?? []).map((c) => (
            <tr key={c.id} data-id={c.id} data-health={c.health.status}>
              <td>{c.id}</td>
              <td>{c.type}</td>
              <td>{c.health.status === 'error' ? <span className="wo__fault">▲ error{c.health.lastError ? `: ${c.health.lastError}` : ''}</span> : c.health.status}</td>
              <td className="wo__num" data-testid="sync-pending">
                {c.pending}
              </td>
              <td className="wo__num">{c.oldestPendingAgeMs === undefined ? '—' : age(c.oldestPendingAgeMs)}</td>
              <td className={`wo__num${c.blocked ? ' wo__warn' : ''}`}>{c.blocked}</td>
              <td className={`wo__num${c.quarantined ? ' wo__warn' : ''}`}>{c.quarantined}</td>
              <td className="wo__num">{c.delivered}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <StorePanel store={data?.store} timeZone={tz} />
      <h2>Messages that need a person</h2>
      <table className="wo__table" data-testid="sync-problems">
        <thead>
          <tr>
            <th>Message</th>
            <th>Order / stream</th>
            <th>State</th>
            <th>Reason</th>
            <th>Payload</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.problems ?? []).map((m) => (
            <tr key={`${m.connector}/${m.key}`} data-key={m.key} data-state={m.state}>
              <td>
                {m.kind} {m.key}
              </td>
              <td>{m.stream}</td>
              <td>{m.state}</td>
              <td className="sync__reason">{reasonText(m)}</td>
              <td>
                <details>
                  <summary>show</summary>
                  <pre className="sync__payload">{JSON.stringify(m.payload, null, 2)}</pre>
                </details>
              </td>
              <td>
                <button type="button" className="button" {...requeueControl} onClick={() => act(`Requeue ${m.key}`, async () => (await client.call('sync.requeue', { connector: m.connector, key: m.key }), undefined))}>
                  Requeue
                </button>
              </td>
            </tr>
          ))}
          {data && data.problems.length === 0 && (
            <tr>
              <td colSpan={6} className="wo__muted">
                None: nothing is quarantined or waiting for a mapping.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <FeedbackLine feedback={state} testId="wo-feedback" />
      <MappingsPanel visible={visible} />
      <ConnectorOptionsPanel visible={visible} />
      <h2>Inbound orders not applied</h2>
      <table className="wo__table" data-testid="sync-inbound">
        <thead>
          <tr>
            <th>Received</th>
            <th>Connector</th>
            <th>Message</th>
            <th>Verdict</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {(data?.inbound ?? []).map((e) => (
            <tr key={`${e.connector}/${e.messageId}`} data-message={e.messageId} data-verdict={e.verdict}>
              <td>{formatDayTime(e.receivedAt, tz)}</td>
              <td>{e.connector}</td>
              <td>{e.messageId}</td>
              <td>{e.verdict}</td>
              <td className="sync__reason">{e.reason}</td>
            </tr>
          ))}
          {data && data.inbound.length === 0 && (
            <tr>
              <td colSpan={5} className="wo__muted">
                None.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function reasonText(m: OutboxEntry): string {
  if (m.state !== 'blocked') return m.reason;
  try {
    return (JSON.parse(m.reason) as { reason: string }).reason;
  } catch {
    return m.reason;
  }
}

function age(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
