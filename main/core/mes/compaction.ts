import type Database from 'better-sqlite3';
import type { Disposable } from '../../../common/emitter.ts';
import type { MesStore } from './mes-store.ts';

const DAY_MS = 86_400_000;
const OPEN = "('Released', 'Ready', 'Running', 'Held')";

/** A stretch of time whose rows are kept past the retention (a report period not signed yet). */
export type KeptPeriod = { start: number; end: number };

/** What else keeps rows: the reports store knows which report periods are not signed. */
export interface RetentionKeep {
  /** Report periods starting before `before` whose (latest) report is not signed. */
  unsignedPeriods(before: number): KeptPeriod[];
}

export interface CompactionOptions {
  retentionDays: number;
  now: () => number;
  keep?: RetentionKeep;
  /** Rows deleted per transaction; the event loop is free between batches. */
  batchSize?: number;
  /** How often compaction runs (and how soon after start the first run is). */
  intervalMs?: number;
  firstRunMs?: number;
}

export type CompactionRun = { at: number; outbox: number; inbox: number; ms: number };

/**
 * Keeps the MES store bounded: delivered outbox rows and processed inbox rows older than the
 * retention are deleted, except those of an order still open, those a later message of their
 * stream still counts on (a stream's last row keeps its sequence), and those inside a report period
 * whose report is not signed. Deletes run in small batches, each its own short transaction, with the
 * event loop free in between, so counting and confirming on the line never wait behind them; freed
 * pages go back to the file system in small steps where the file allows it (auto_vacuum incremental).
 */
export class StoreCompactor implements Disposable {
  last: CompactionRun | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CompactionRun> | undefined;
  private disposed = false;
  private readonly store: MesStore;
  private readonly options: CompactionOptions;
  private outboxBatch: Database.Statement | undefined;
  private inboxBatch: Database.Statement | undefined;

  constructor(store: MesStore, options: CompactionOptions) {
    this.store = store;
    this.options = options;
  }

  get retentionDays(): number {
    return this.options.retentionDays;
  }

  start(): void {
    this.schedule(this.options.firstRunMs ?? 60_000);
  }

  /** One compaction now (or the one under way). */
  runOnce(): Promise<CompactionRun> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch(() => undefined)
        .finally(() => this.schedule(this.options.intervalMs ?? 3_600_000));
    }, delay);
  }

  private async run(): Promise<CompactionRun> {
    const t0 = performance.now();
    const at = this.options.now();
    const cutoff = at - this.options.retentionDays * DAY_MS;
    let outbox = 0;
    let inbox = 0;
    for (const window of deletableWindows(cutoff, this.options.keep?.unsignedPeriods(cutoff) ?? [])) {
      outbox += await this.drain(() => this.deleteOutbox(window, cutoff));
      inbox += await this.drain(() => this.deleteInbox(window));
    }
    if (outbox + inbox > 0) await this.drain(() => this.vacuumStep());
    this.last = { at, outbox, inbox, ms: Math.round(performance.now() - t0) };
    return this.last;
  }

  /** Repeats a batch until it does less than a full one, yielding to the event loop between batches. */
  private async drain(batch: () => number): Promise<number> {
    const size = this.options.batchSize ?? 500;
    let total = 0;
    for (;;) {
      if (this.disposed || !this.store.db.open) return total;
      const n = batch();
      total += n;
      if (n < size) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private deleteOutbox(window: KeptPeriod, cutoff: number): number {
    this.outboxBatch ??= this.store.db.prepare(`
      DELETE FROM outbox WHERE seq IN (
        SELECT o.seq FROM outbox o
        WHERE o.state = 'delivered' AND o.delivered_at < @cutoff AND o.created_at >= @from AND o.created_at < @to
          AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.key = o.stream AND w.status IN ${OPEN})
          AND o.stream_seq < (SELECT MAX(x.stream_seq) FROM outbox x WHERE x.connector = o.connector AND x.stream = o.stream)
        LIMIT @batch)`);
    return this.outboxBatch.run({ cutoff, from: window.start, to: window.end, batch: this.options.batchSize ?? 500 }).changes;
  }

  private deleteInbox(window: KeptPeriod): number {
    this.inboxBatch ??= this.store.db.prepare(`
      DELETE FROM inbox WHERE rowid IN (
        SELECT i.rowid FROM inbox i
        WHERE i.verdict != 'held' AND i.received_at >= @from AND i.received_at < @to
          AND (i.order_key IS NULL OR NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.key = i.order_key AND w.status IN ${OPEN}))
        LIMIT @batch)`);
    return this.inboxBatch.run({ from: window.start, to: window.end, batch: this.options.batchSize ?? 500 }).changes;
  }

  /** Returns up to a batch of free pages to the file system (a no-op for a file without auto_vacuum). */
  private vacuumStep(): number {
    const free = this.store.db.pragma('freelist_count', { simple: true }) as number;
    if (free === 0 || (this.store.db.pragma('auto_vacuum', { simple: true }) as number) !== 2) return 0;
    const step = Math.min(free, this.options.batchSize ?? 500);
    this.store.db.pragma(`incremental_vacuum(${step})`);
    return step;
  }
}

/** [0, cutoff) without the kept periods, as sorted, disjoint windows. */
export function deletableWindows(cutoff: number, kept: readonly KeptPeriod[]): KeptPeriod[] {
  const windows: KeptPeriod[] = [];
  let from = 0;
  for (const k of [...kept].sort((a, b) => a.start - b.start)) {
    if (k.start >= cutoff) break;
    if (k.start > from) windows.push({ start: from, end: k.start });
    from = Math.max(from, k.end);
  }
  if (from < cutoff) windows.push({ start: from, end: cutoff });
  return windows;
}
