import type { TFunction } from 'i18next';
import type { OutboxEntry } from '../../common/mes-contract.ts';
import { useT } from '../i18n/i18n.ts';
import { useAccess } from '../ui/access.tsx';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { useSyncStatus } from '../store/use-mes.ts';
import { formatDayTime, formatNumber } from '../ui/format.ts';
import '../styles/work-orders.css';
import { ConnectorOptionsPanel } from './ConnectorOptionsPanel.tsx';
import { MappingsPanel } from './MappingsPanel.tsx';
import { StorePanel } from './StorePanel.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { deviceErrorText } from '../ui/texts.ts';

/**
 * MES/ERP sync status: each connector's health, queue depth and oldest waiting message; the store's
 * size, oldest row, retention and last compaction; quarantined
 * and blocked messages with their reason and payload (retry / requeue, audited); the mapping tables
 * (edited by engineers); each connector's options (edited by engineers, secrets write-only); rejected
 * and held inbound orders.
 */
export function SyncDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const { t } = useT('sync');
  const session = useCell(plant.session);
  const read = useSyncStatus(visible);
  const data = read.data;
  const [state, act] = useAction();
  const tz = session?.timeZone;
  const requeueControl = useAccess().control('sync.requeue');
  return (
    <div className="wo sync">
      <div className="wo__toolbar">
        <h1 className="display__title">{t('display.title')}</h1>
        <LoadProblem call={read} what={t('display.couldNotRead')} inline />
      </div>
      <table className="wo__table" data-testid="sync-connectors">
        <thead>
          <tr>
            <th>{t('display.connector')}</th>
            <th>{t('display.type')}</th>
            <th>{t('display.health')}</th>
            <th className="wo__num">{t('display.waiting')}</th>
            <th className="wo__num">{t('display.oldestWaiting')}</th>
            <th className="wo__num">{t('display.blocked')}</th>
            <th className="wo__num">{t('display.quarantined')}</th>
            <th className="wo__num">{t('display.delivered')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.connectors ?? []).map((c) => (
            <tr key={c.id} data-id={c.id} data-health={c.health.status}>
              <td data-project-text="">{c.id}</td>
              <td>{c.type}</td>
              <td>
                {c.health.status === 'error' ? (
                  <span className="wo__fault">{c.health.lastError ? t('display.healthErrorWhy', { error: deviceErrorText(c.health) }) : t('display.healthError')}</span>
                ) : (
                  t(`connectionStatus.${c.health.status}`)
                )}
              </td>
              <td className="wo__num" data-testid="sync-pending">
                {c.pending}
              </td>
              <td className="wo__num">{c.oldestPendingAgeMs === undefined ? '—' : age(c.oldestPendingAgeMs, t)}</td>
              <td className={`wo__num${c.blocked ? ' wo__warn' : ''}`}>{c.blocked}</td>
              <td className={`wo__num${c.quarantined ? ' wo__warn' : ''}`}>{c.quarantined}</td>
              <td className="wo__num">{c.delivered}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <StorePanel store={data?.store} timeZone={tz} />
      <h2>{t('display.problems')}</h2>
      <table className="wo__table" data-testid="sync-problems">
        <thead>
          <tr>
            <th>{t('display.message')}</th>
            <th>{t('display.orderStream')}</th>
            <th>{t('display.state')}</th>
            <th>{t('display.reason')}</th>
            <th>{t('display.payload')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.problems ?? []).map((m) => (
            <tr key={`${m.connector}/${m.key}`} data-key={m.key} data-state={m.state}>
              <td>
                {t(`messageKind.${m.kind}`, { defaultValue: m.kind })} <span data-project-text="">{m.key}</span>
              </td>
              <td data-project-text="">{m.stream}</td>
              <td>{t(`messageState.${m.state}`)}</td>
              <td className="sync__reason">{reasonText(m)}</td>
              <td>
                <details>
                  <summary>{t('display.show')}</summary>
                  <pre className="sync__payload">{JSON.stringify(m.payload, null, 2)}</pre>
                </details>
              </td>
              <td>
                <button
                  type="button"
                  className="button"
                  {...requeueControl}
                  onClick={() => act(t('display.requeueAction', { key: m.key }), async () => (await client.call('sync.requeue', { connector: m.connector, key: m.key }), undefined))}
                >
                  {t('display.requeue')}
                </button>
              </td>
            </tr>
          ))}
          {data && data.problems.length === 0 && (
            <tr>
              <td colSpan={6} className="wo__muted">
                {t('display.noProblems')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <FeedbackLine feedback={state} testId="wo-feedback" />
      <MappingsPanel visible={visible} />
      <ConnectorOptionsPanel visible={visible} />
      <h2>{t('display.inbound')}</h2>
      <table className="wo__table" data-testid="sync-inbound">
        <thead>
          <tr>
            <th>{t('display.received')}</th>
            <th>{t('display.connector')}</th>
            <th>{t('display.message')}</th>
            <th>{t('display.verdict')}</th>
            <th>{t('display.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.inbound ?? []).map((e) => (
            <tr key={`${e.connector}/${e.messageId}`} data-message={e.messageId} data-verdict={e.verdict}>
              <td>{formatDayTime(e.receivedAt, tz)}</td>
              <td data-project-text="">{e.connector}</td>
              <td data-project-text="">{e.messageId}</td>
              <td>{t(`verdict.${e.verdict}`)}</td>
              <td className="sync__reason">{e.reason}</td>
            </tr>
          ))}
          {data && data.inbound.length === 0 && (
            <tr>
              <td colSpan={5} className="wo__muted">
                {t('display.noInbound')}
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

function age(ms: number, t: TFunction<'sync'>): string {
  if (ms < 60_000) return t('duration.seconds', { value: Math.round(ms / 1000) });
  if (ms < 3_600_000) return t('duration.minutes', { value: Math.round(ms / 60_000) });
  return t('duration.hours', { value: formatNumber(ms / 3_600_000, 1) });
}
