import type Database from 'better-sqlite3';
import type { MaterialConsumption, WorkOrder, WorkOrderStatus } from '../../../common/mes.ts';
import { workOrderKey } from '../../../common/mes.ts';
import type { OrderProgress, StoredConsumption, StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { isStoreError } from '../storage/store-errors.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import { openWatchedStore } from '../storage/watched-store.ts';
import type { Migration } from '../storage/store-spec.ts';
import { HOLDS_SCHEMA, INSPECTION_SCHEMA, LOTS_SCHEMA } from '../lots/lot-schema.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS work_orders (
  key TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  revision INTEGER NOT NULL,
  status TEXT NOT NULL,
  work_centre TEXT NOT NULL,
  doc TEXT NOT NULL,
  progress TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS work_orders_line ON work_orders (work_centre, status);
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  connector TEXT NOT NULL,
  key TEXT NOT NULL,
  stream TEXT NOT NULL,
  stream_seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0,
  in_doubt INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  UNIQUE (connector, key),
  UNIQUE (connector, stream, stream_seq)
);
CREATE INDEX IF NOT EXISTS outbox_open ON outbox (connector, stream, stream_seq) WHERE state != 'delivered';
CREATE TABLE IF NOT EXISTS inbox (
  connector TEXT NOT NULL,
  message_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  order_key TEXT,
  revision INTEGER,
  reason TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL,
  PRIMARY KEY (connector, message_id)
);
CREATE INDEX IF NOT EXISTS inbox_verdict ON inbox (verdict);
CREATE TABLE IF NOT EXISTS cursors (connector TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS downtime (
  id TEXT PRIMARY KEY,
  line TEXT NOT NULL,
  start INTEGER NOT NULL,
  doc TEXT NOT NULL,
  versions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS downtime_start ON downtime (start);
CREATE TABLE IF NOT EXISTS order_runs (
  order_key TEXT NOT NULL,
  work_centre TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER
);
CREATE INDEX IF NOT EXISTS order_runs_open ON order_runs (order_key, end);
CREATE INDEX IF NOT EXISTS order_runs_line ON order_runs (work_centre, start);
CREATE TABLE IF NOT EXISTS consumptions (
  id TEXT PRIMARY KEY,
  order_key TEXT NOT NULL,
  source TEXT NOT NULL,
  completion TEXT,
  at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consumptions_order ON consumptions (order_key, at);
CREATE INDEX IF NOT EXISTS consumptions_completion ON consumptions (completion);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);`;

/**
 * Version 2 (issue 16): snapshot_orders, per connector the orders of the MES's last whole-schedule
 * snapshot and their version, so an unchanged order costs no row (snapshot.ts); outbox_delivered and
 * inbox_received, what compaction selects by (compaction.ts). A new file is created with
 * auto_vacuum = INCREMENTAL, so compacted pages go back to the file system in small steps; an existing
 * file keeps its mode and reuses freed pages.
 */
const SNAPSHOTS_AND_COMPACTION = `
CREATE TABLE IF NOT EXISTS snapshot_orders (
  connector TEXT NOT NULL,
  order_id TEXT NOT NULL,
  version TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (connector, order_id)
);
CREATE INDEX IF NOT EXISTS outbox_delivered ON outbox (delivered_at) WHERE state = 'delivered';
CREATE INDEX IF NOT EXISTS inbox_received ON inbox (received_at);`;

/**
 * Version 3 (issue 17): the audit table goes. The MES service's actions are audited in the station's
 * hash-chained audit trail (audit.sqlite). Early builds of the first wave wrote this table when no
 * audit sink was given; a file that has rows keeps them, renamed `audit_before_v3` (read-only history,
 * never written again), so nothing recorded is lost.
 */
function dropAuditTable(db: Database.Database): void {
  const rows = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'audit'").get() as { n: number }).n;
  if (rows === 0) return;
  const used = (db.prepare('SELECT EXISTS (SELECT 1 FROM audit) AS used').get() as { used: number }).used === 1;
  db.exec(used ? 'ALTER TABLE audit RENAME TO audit_before_v3;' : 'DROP TABLE audit;');
}

/** mes.sqlite's schema versions; 1 is the schema from before versions. */
export const MES_MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'work orders, outbox, inbox, cursors, downtime, runs, consumptions, audit', up: (db) => db.exec(SCHEMA) },
  { version: 2, description: 'snapshot schedules and compaction', up: (db) => db.exec(SNAPSHOTS_AND_COMPACTION) },
  { version: 3, description: 'the unused audit table dropped (the station audit trail has these records)', up: dropAuditTable },
  { version: 4, description: 'lots and their genealogy (issue 20)', up: (db) => db.exec(LOTS_SCHEMA) },
  { version: 5, description: 'inspection results (issue 20)', up: (db) => db.exec(INSPECTION_SCHEMA) },
  { version: 6, description: 'lots on hold (issue 20)', up: (db) => db.exec(HOLDS_SCHEMA) },
];

/** One stretch of time a work order was Running on a line. */
export interface OrderRun {
  key: string;
  order: WorkOrder;
  start: number;
  end?: number;
}

interface OrderRow {
  key: string;
  revision: number;
  status: string;
  doc: string;
  progress: string;
  updated_at: number;
}

export const EMPTY_PROGRESS: OrderProgress = {
  good: 0,
  reject: 0,
  confirmedGood: 0,
  confirmedReject: 0,
  confirmations: 0,
};

/**
 * The MES store: work orders with their progress, material consumptions, the outbox, the inbox, pull
 * cursors and downtime, in one SQLite file (WAL). One file so that a change and the message it causes
 * commit in one transaction.
 */
export class MesStore implements Disposable {
  readonly db: Database.Database;
  /** Ok, or failing (disk full...): a transaction then throws a StoreUnavailableError (a refusal for the caller). */
  readonly health: StoreHealth;
  private readonly getOrder: Database.Statement;
  private readonly putOrder: Database.Statement;
  private readonly putProgress: Database.Statement;
  private readonly openRun: Database.Statement;
  private readonly closeRun: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string, options: StoreHealthOptions = {}) {
    // Single statements (delivery bookkeeping, counts) commit without fsync: after a power cut they can
    // only fall back to an earlier state, which means a resend (harmless: idempotency keys) or counts
    // recounted from the older baseline. `transaction` commits with fsync (see there).
    const watched = openWatchedStore(
      {
        store: 'mes',
        file,
        migrations: MES_MIGRATIONS,
        holds: 'the work orders with their production counts, and the outbox of confirmations not yet sent to the MES',
        emptyMeans: 'confirmations not yet sent would be dropped without a trace',
        synchronous: 'NORMAL',
        busyTimeoutMs: 5000,
        autoVacuum: 'INCREMENTAL',
      },
      options,
    );
    this.db = watched.db;
    this.health = watched.health;
    this.getOrder = this.db.prepare('SELECT key, revision, status, doc, progress, updated_at FROM work_orders WHERE key = ?');
    this.putOrder = this.db.prepare(
      `INSERT INTO work_orders (key, system, revision, status, work_centre, doc, progress, updated_at) VALUES (@key, @system, @revision, @status, @workCentre, @doc, @progress, @at)
       ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, status = excluded.status, work_centre = excluded.work_centre, doc = excluded.doc, progress = excluded.progress, updated_at = excluded.updated_at`,
    );
    this.putProgress = this.db.prepare('UPDATE work_orders SET status = ?, progress = ?, updated_at = ? WHERE key = ?');
    this.openRun = this.db.prepare('INSERT INTO order_runs (order_key, work_centre, start) SELECT key, work_centre, ? FROM work_orders WHERE key = ? AND NOT EXISTS (SELECT 1 FROM order_runs WHERE order_key = ? AND end IS NULL)');
    this.closeRun = this.db.prepare('UPDATE order_runs SET end = ? WHERE order_key = ? AND end IS NULL');
  }

  /**
   * Runs `fn` in one durable transaction (nested calls join the outer one): committed with fsync, so
   * an acknowledged inbound order and a change with the message it caused survive a power cut.
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.pragma('synchronous = FULL');
    try {
      const result = this.db.transaction(fn)();
      this.health.succeeded();
      return result;
    } catch (error) {
      throw isStoreError(error) ? this.health.failed(error) : error;
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  order(key: string): StoredWorkOrder | undefined {
    const row = this.getOrder.get(key) as OrderRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  orders(filter: { workCentre?: string; statuses?: readonly WorkOrderStatus[]; limit?: number } = {}): StoredWorkOrder[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.workCentre !== undefined) {
      where.push('work_centre = ?');
      args.push(filter.workCentre);
    }
    if (filter.statuses && filter.statuses.length > 0) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      args.push(...filter.statuses);
    }
    const sql = `SELECT key, revision, status, doc, progress, updated_at FROM work_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC LIMIT ?`;
    const rows = this.prepared(sql).all(...args, filter.limit ?? 500) as OrderRow[];
    return rows.map(fromRow);
  }

  saveOrder(order: WorkOrder, status: WorkOrderStatus, progress: OrderProgress, at: number): void {
    this.putOrder.run({
      key: workOrderKey(order),
      system: order.system,
      revision: order.revision,
      status,
      workCentre: order.workCentre,
      doc: JSON.stringify(order),
      progress: JSON.stringify(progress),
      at,
    });
    this.trackRun(workOrderKey(order), status, at);
  }

  saveProgress(key: string, status: WorkOrderStatus, progress: OrderProgress, at: number): void {
    this.putProgress.run(status, JSON.stringify(progress), at, key);
    this.trackRun(key, status, at);
  }

  /**
   * The stretches each order was Running on its line, oldest first, overlapping [from, to) (`end`
   * absent while it still runs): what a shift report counts per work order.
   */
  runs(workCentre: string, from: number, to: number): OrderRun[] {
    const rows = this.prepared(
      'SELECT r.order_key AS key, r.start AS start, r.end AS end, w.doc AS doc FROM order_runs r JOIN work_orders w ON w.key = r.order_key WHERE r.work_centre = ? AND r.start < ? AND (r.end IS NULL OR r.end > ?) ORDER BY r.start',
    ).all(workCentre, to, from) as Array<{ key: string; start: number; end: number | null; doc: string }>;
    return rows.map((r) => ({ key: r.key, order: JSON.parse(r.doc) as WorkOrder, start: r.start, ...(r.end !== null ? { end: r.end } : {}) }));
  }

  /** A status of Running opens a run of the order (once); any other status closes the open one. */
  private trackRun(key: string, status: WorkOrderStatus, at: number): void {
    if (status === 'Running') this.openRun.run(at, key, key);
    else this.closeRun.run(at, key);
  }

  /** Records a material consumption (call inside the transaction that queues its message). */
  saveConsumption(orderKey: string, source: StoredConsumption['source'], consumption: MaterialConsumption, completion: string | undefined, at: number): void {
    this.prepared('INSERT INTO consumptions (id, order_key, source, completion, at, doc) VALUES (?, ?, ?, ?, ?, ?)').run(consumption.id, orderKey, source, completion ?? null, at, JSON.stringify(consumption));
  }

  /** An order's consumptions (backflushed, manual and reversals), in the order they were recorded. */
  consumptions(orderKey: string): StoredConsumption[] {
    const rows = this.prepared('SELECT order_key, source, completion, doc FROM consumptions WHERE order_key = ? ORDER BY at, rowid').all(orderKey) as ConsumptionRow[];
    return rows.map(fromConsumptionRow);
  }

  /** What a completion backflushed (not its reversals). */
  consumptionsOf(completion: string): StoredConsumption[] {
    const rows = this.prepared("SELECT order_key, source, completion, doc FROM consumptions WHERE completion = ? AND source = 'backflush' ORDER BY rowid").all(completion) as ConsumptionRow[];
    return rows.map(fromConsumptionRow);
  }

  cursor(connector: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM cursors WHERE connector = ?').get(connector) as { value: string } | undefined;
    return row?.value;
  }

  setCursor(connector: string, value: string): void {
    this.db.prepare('INSERT INTO cursors (connector, value) VALUES (?, ?) ON CONFLICT (connector) DO UPDATE SET value = excluded.value').run(connector, value);
  }

  /** Statements built from a few fixed shapes, prepared once each. */
  prepared(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }

  close(): void {
    this.health.dispose();
    if (this.db.open) this.db.close();
  }

  dispose(): void {
    this.close();
  }
}

interface ConsumptionRow {
  order_key: string;
  source: string;
  completion: string | null;
  doc: string;
}

function fromConsumptionRow(row: ConsumptionRow): StoredConsumption {
  return {
    orderKey: row.order_key,
    source: row.source as StoredConsumption['source'],
    ...(row.completion !== null ? { completion: row.completion } : {}),
    consumption: JSON.parse(row.doc) as MaterialConsumption,
  };
}

function fromRow(row: OrderRow): StoredWorkOrder {
  return {
    key: row.key,
    order: JSON.parse(row.doc) as WorkOrder,
    status: row.status as WorkOrderStatus,
    progress: { ...EMPTY_PROGRESS, ...(JSON.parse(row.progress) as Partial<OrderProgress>) },
    updatedAt: row.updated_at,
  };
}
