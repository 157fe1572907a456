import type { MesStoreStatus } from '../../common/mes-contract.ts';
import { formatCount, formatDayTime } from '../ui/format.ts';

const DAY_MS = 86_400_000;

/**
 * The MES store (mes.sqlite) as the runtime last measured it (at most every 15 s, and after each
 * compaction): its size with the write-ahead log, the rows in the outbox and inbox, the oldest of
 * them, the retention and the last compaction, and in one sentence what is kept longer and why.
 * Diagnostics, not an alarm: grey throughout. Nothing is shown by a runtime that does not report it.
 */
export function StorePanel({ store, timeZone }: { store: MesStoreStatus | undefined; timeZone: string | undefined }) {
  if (!store) return null;
  const at = (ms: number) => formatDayTime(ms, timeZone);
  const last = store.lastCompaction;
  const days = store.retentionDays === 1 ? '1 day' : `${store.retentionDays} days`;
  return (
    <section className="sync__store" data-testid="sync-store" aria-label="MES store">
      <h2>Store</h2>
      <dl className="sync__store-figures">
        <Figure label="Size on disk" testId="store-size" value={store.bytes} text={megabytes(store.bytes)} />
        <Figure label="Free inside (reused first)" testId="store-free" value={store.freeBytes} text={megabytes(store.freeBytes)} />
        <Figure label="Outbox rows" testId="store-outbox" value={store.outboxRows} text={formatCount(store.outboxRows)} />
        <Figure label="Inbox rows" testId="store-inbox" value={store.inboxRows} text={formatCount(store.inboxRows)} />
        <Figure label="Oldest row" testId="store-oldest" value={store.oldestRowAt} text={store.oldestRowAt === undefined ? 'none (empty)' : `${at(store.oldestRowAt)} (${age(store.measuredAt - store.oldestRowAt)} old)`} />
        <Figure label="Kept for" testId="store-retention" value={store.retentionDays} text={days} />
        <Figure
          label="Last compaction"
          testId="store-compaction"
          value={last?.at}
          text={last ? `${at(last.at)}: ${formatCount(last.outbox)} outbox and ${formatCount(last.inbox)} inbox rows removed (${Math.round(last.ms)} ms)` : 'not run yet (first run a minute after start)'}
        />
      </dl>
      <p className="wo__muted sync__store-note">
        Delivered confirmations and processed orders are removed hourly once older than {days} (mes.json <code>storage.retentionDays</code>), in small batches that never hold up the line. Kept longer: rows of open orders, of report periods
        not yet signed, and each order&apos;s latest message. Measured {at(store.measuredAt)}.
      </p>
    </section>
  );
}

function Figure({ label, testId, value, text }: { label: string; testId: string; value: number | undefined; text: string }) {
  return (
    <div className="sync__store-figure">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value === undefined ? '' : String(value)}>
        {text}
      </dd>
    </div>
  );
}

function megabytes(bytes: number): string {
  if (bytes === 0) return '0 KB';
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function age(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (ms < DAY_MS) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${Math.floor(ms / DAY_MS)} d`;
}
