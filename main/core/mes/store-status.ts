import type { MesStoreStatus } from '../../../common/mes-contract.ts';
import type { CompactionRun } from './compaction.ts';
import type { MesStore } from './mes-store.ts';
import { storeSize } from '../storage/store-size.ts';

/** How often the Sync view's figures are measured at most (counting rows of a large store is not free). */
const FRESH_MS = 15_000;

/**
 * The MES store's size for the Sync view: the file with its write-ahead log, the pages free inside
 * it for reuse, the outbox and inbox rows, the oldest of them, the retention and the last compaction.
 * Measured at most every 15 s; in between the last figures are shown.
 */
export class StoreStatus {
  private cached: Omit<MesStoreStatus, 'retentionDays' | 'lastCompaction'> | undefined;
  private readonly store: MesStore;
  private readonly now: () => number;

  constructor(store: MesStore, now: () => number) {
    this.store = store;
    this.now = now;
  }

  current(retentionDays: number, last: CompactionRun | undefined): MesStoreStatus {
    const now = this.now();
    if (!this.cached || now - this.cached.measuredAt >= FRESH_MS || now < this.cached.measuredAt) this.cached = this.measure(now);
    return { ...this.cached, retentionDays, ...(last ? { lastCompaction: last } : {}) };
  }

  /** Measures again on the next `current` (after a compaction). */
  invalidate(): void {
    this.cached = undefined;
  }

  private measure(now: number): Omit<MesStoreStatus, 'retentionDays' | 'lastCompaction'> {
    const db = this.store.db;
    const { bytes, freeBytes } = storeSize(db);
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const oldestOut = (db.prepare('SELECT created_at AS t FROM outbox ORDER BY seq LIMIT 1').get() as { t: number } | undefined)?.t;
    const oldestIn = (db.prepare('SELECT MIN(received_at) AS t FROM inbox').get() as { t: number | null }).t ?? undefined;
    const oldest = [oldestOut, oldestIn].filter((t): t is number => t !== undefined);
    return {
      bytes,
      freeBytes,
      outboxRows: count('outbox'),
      inboxRows: count('inbox'),
      ...(oldest.length > 0 ? { oldestRowAt: Math.min(...oldest) } : {}),
      measuredAt: now,
    };
  }
}
