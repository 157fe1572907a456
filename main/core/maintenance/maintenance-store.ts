import type Database from 'better-sqlite3';
import type { Disposable } from '../../../common/emitter.ts';
import type { LogEntry, MaintenanceRequest, RequestPriority, RequestState } from '../../../common/maintenance-contract.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import { openWatchedStore } from '../storage/watched-store.ts';
import type { Migration } from '../storage/store-spec.ts';

export const MAINTENANCE_STORE_FILE = 'maintenance.sqlite';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'equipment counters, interval marks, the maintenance log and the CMMS requests with their states',
    up: (db) => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS counters (
          equipment TEXT PRIMARY KEY,
          run_ms REAL NOT NULL DEFAULT 0,
          starts INTEGER NOT NULL DEFAULT 0,
          cycles REAL NOT NULL DEFAULT 0,
          running INTEGER,
          last_counter REAL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS interval_marks (
          equipment TEXT NOT NULL,
          interval TEXT NOT NULL,
          done_at INTEGER NOT NULL,
          run_ms REAL NOT NULL,
          starts INTEGER NOT NULL,
          cycles REAL NOT NULL,
          requested_at INTEGER,
          PRIMARY KEY (equipment, interval)
        );
        CREATE TABLE IF NOT EXISTS log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          equipment TEXT NOT NULL,
          at INTEGER NOT NULL,
          by TEXT NOT NULL,
          what TEXT NOT NULL,
          parts TEXT NOT NULL,
          intervals TEXT NOT NULL,
          request_id TEXT
        );
        CREATE INDEX IF NOT EXISTS log_equipment ON log (equipment, seq);
        CREATE TABLE IF NOT EXISTS requests (
          id TEXT PRIMARY KEY,
          equipment TEXT NOT NULL,
          symptom TEXT NOT NULL,
          priority TEXT NOT NULL,
          failure_code TEXT,
          alarm_id TEXT,
          downtime_id TEXT,
          interval TEXT,
          requested_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          state TEXT NOT NULL,
          external_id TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at INTEGER NOT NULL,
          last_error TEXT NOT NULL DEFAULT '',
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS requests_state ON requests (state, next_at);
        CREATE TABLE IF NOT EXISTS request_events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          request_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          state TEXT NOT NULL,
          detail TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS request_events_request ON request_events (request_id, seq);
      `);
    },
  },
];

export interface Counters {
  equipment: string;
  runMs: number;
  starts: number;
  cycles: number;
  /** The running state last seen (undefined: never seen), so a start across a restart is counted once. */
  running: boolean | undefined;
  /** The counter tag's last value, to count its growth (and its rollovers) from. */
  lastCounter: number | undefined;
}

export interface IntervalMark {
  equipment: string;
  interval: string;
  doneAt: number;
  runMs: number;
  starts: number;
  cycles: number;
  /** When a request went out for the due period that began at this mark. */
  requestedAt: number | undefined;
}

export interface NewRequest {
  id: string;
  equipment: string;
  symptom: string;
  priority: RequestPriority;
  failureCode?: string | undefined;
  alarmId?: string | undefined;
  downtimeId?: string | undefined;
  interval?: string | undefined;
  requestedBy: string;
}

interface RequestRow {
  id: string;
  equipment: string;
  symptom: string;
  priority: RequestPriority;
  failure_code: string | null;
  alarm_id: string | null;
  downtime_id: string | null;
  interval: string | null;
  requested_by: string;
  created_at: number;
  state: RequestState;
  external_id: string | null;
  attempts: number;
  next_at: number;
  last_error: string;
  updated_at: number;
}

/**
 * maintenance.sqlite: the counters of each piece of equipment (run time, starts, cycles), when each
 * interval was last done, the maintenance log, and the CMMS requests (an outbox: a request is stored
 * before it is sent and sent under its own id until the CMMS accepts it, so it reaches the CMMS once).
 */
export class MaintenanceStore implements Disposable {
  readonly health: StoreHealth;
  private readonly db: Database.Database;

  constructor(file: string, options: StoreHealthOptions = {}) {
    const watched = openWatchedStore(
      {
        store: 'maintenance',
        file,
        migrations: MIGRATIONS,
        holds: "the equipment's run hours, starts and cycles, the maintenance log and the requests sent to the CMMS",
        emptyMeans: 'counted run hours, the maintenance log and requests not yet sent would be lost',
      },
      options,
    );
    this.db = watched.db;
    this.health = watched.health;
  }

  private write<T>(work: () => T): T {
    return this.health.run(work);
  }

  counters(): Map<string, Counters> {
    const rows = this.db.prepare('SELECT * FROM counters').all() as Array<{ equipment: string; run_ms: number; starts: number; cycles: number; running: number | null; last_counter: number | null }>;
    return new Map(rows.map((r) => [r.equipment, { equipment: r.equipment, runMs: r.run_ms, starts: r.starts, cycles: r.cycles, running: r.running === null ? undefined : r.running !== 0, lastCounter: r.last_counter ?? undefined }]));
  }

  saveCounters(list: readonly Counters[], at: number): void {
    if (list.length === 0) return;
    const stmt = this.db.prepare(
      'INSERT INTO counters (equipment, run_ms, starts, cycles, running, last_counter, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (equipment) DO UPDATE SET run_ms = excluded.run_ms, starts = excluded.starts, cycles = excluded.cycles, running = excluded.running, last_counter = excluded.last_counter, updated_at = excluded.updated_at',
    );
    this.write(() =>
      this.db.transaction(() => {
        for (const c of list) stmt.run(c.equipment, c.runMs, c.starts, c.cycles, c.running === undefined ? null : c.running ? 1 : 0, c.lastCounter ?? null, at);
      })(),
    );
  }

  marks(): IntervalMark[] {
    const rows = this.db.prepare('SELECT * FROM interval_marks').all() as Array<{ equipment: string; interval: string; done_at: number; run_ms: number; starts: number; cycles: number; requested_at: number | null }>;
    return rows.map((r) => ({ equipment: r.equipment, interval: r.interval, doneAt: r.done_at, runMs: r.run_ms, starts: r.starts, cycles: r.cycles, requestedAt: r.requested_at ?? undefined }));
  }

  private upsertMark(m: IntervalMark): void {
    this.db
      .prepare(
        'INSERT INTO interval_marks (equipment, interval, done_at, run_ms, starts, cycles, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (equipment, interval) DO UPDATE SET done_at = excluded.done_at, run_ms = excluded.run_ms, starts = excluded.starts, cycles = excluded.cycles, requested_at = excluded.requested_at',
      )
      .run(m.equipment, m.interval, m.doneAt, m.runMs, m.starts, m.cycles, m.requestedAt ?? null);
  }

  /** An interval counted from here (first seen, or done): in one transaction with the counters it starts from. */
  saveMarks(marks: readonly IntervalMark[]): void {
    if (marks.length === 0) return;
    this.write(() => this.db.transaction(() => marks.forEach((m) => this.upsertMark(m)))());
  }

  /** A log entry, the intervals it fulfils marked done, in one transaction. */
  addLog(entry: Omit<LogEntry, 'seq'>, marks: readonly IntervalMark[]): LogEntry {
    return this.write(() =>
      this.db.transaction(() => {
        const info = this.db
          .prepare('INSERT INTO log (equipment, at, by, what, parts, intervals, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(entry.equipment, entry.at, entry.by, entry.what, JSON.stringify(entry.parts), JSON.stringify(entry.intervals), entry.requestId ?? null);
        for (const m of marks) this.upsertMark(m);
        return { ...entry, seq: Number(info.lastInsertRowid) };
      })(),
    );
  }

  log(limit: number, equipment?: string): LogEntry[] {
    const rows = (equipment === undefined ? this.db.prepare('SELECT * FROM log ORDER BY seq DESC LIMIT ?').all(limit) : this.db.prepare('SELECT * FROM log WHERE equipment = ? ORDER BY seq DESC LIMIT ?').all(equipment, limit)) as Array<{
      seq: number;
      equipment: string;
      at: number;
      by: string;
      what: string;
      parts: string;
      intervals: string;
      request_id: string | null;
    }>;
    return rows.map((r) => ({
      seq: r.seq,
      equipment: r.equipment,
      at: r.at,
      by: r.by,
      what: r.what,
      parts: JSON.parse(r.parts) as string[],
      intervals: JSON.parse(r.intervals) as string[],
      ...(r.request_id ? { requestId: r.request_id } : {}),
    }));
  }

  /** A new request, queued to go out now; with the interval mark that records it was asked for. */
  addRequest(r: NewRequest, at: number, mark?: IntervalMark): void {
    this.write(() =>
      this.db.transaction(() => {
        this.db
          .prepare("INSERT INTO requests (id, equipment, symptom, priority, failure_code, alarm_id, downtime_id, interval, requested_by, created_at, state, next_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)")
          .run(r.id, r.equipment, r.symptom, r.priority, r.failureCode ?? null, r.alarmId ?? null, r.downtimeId ?? null, r.interval ?? null, r.requestedBy, at, at, at);
        this.event(r.id, at, 'queued', `requested by ${r.requestedBy}`);
        if (mark) this.upsertMark(mark);
      })(),
    );
  }

  private event(id: string, at: number, state: string, detail: string): void {
    this.db.prepare('INSERT INTO request_events (request_id, at, state, detail) VALUES (?, ?, ?, ?)').run(id, at, state, detail);
  }

  /** Queued requests due at `now`, oldest first. */
  dueRequests(now: number, limit: number): MaintenanceRequest[] {
    return this.toRequests(this.db.prepare("SELECT * FROM requests WHERE state = 'queued' AND next_at <= ? ORDER BY created_at, id LIMIT ?").all(now, limit) as RequestRow[]);
  }

  nextDue(): number | undefined {
    const row = this.db.prepare("SELECT MIN(next_at) AS at FROM requests WHERE state = 'queued'").get() as { at: number | null };
    return row.at ?? undefined;
  }

  /** Requests the CMMS has and has not finished (their state is asked for). */
  open(): MaintenanceRequest[] {
    return this.toRequests(this.db.prepare("SELECT * FROM requests WHERE state IN ('accepted', 'inProgress') ORDER BY created_at").all() as RequestRow[]);
  }

  /** A send failed: tried again at `retryAt`, or refused for good (`retryAt` undefined). */
  sendFailed(id: string, at: number, error: string, retryAt: number | undefined): void {
    this.write(() =>
      this.db.transaction(() => {
        if (retryAt === undefined) this.db.prepare("UPDATE requests SET state = 'refused', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?").run(error, at, id);
        else this.db.prepare('UPDATE requests SET attempts = attempts + 1, next_at = ?, last_error = ?, updated_at = ? WHERE id = ?').run(retryAt, error, at, id);
        this.event(id, at, retryAt === undefined ? 'refused' : 'retry', error);
      })(),
    );
  }

  /** The CMMS's answer: accepted (with its number) or a later state; a state it already has is not recorded again. */
  setState(id: string, at: number, state: RequestState, externalId: string | undefined, detail: string, attempt: boolean): boolean {
    return this.write(() =>
      this.db.transaction(() => {
        const row = this.db.prepare('SELECT state, external_id FROM requests WHERE id = ?').get(id) as { state: RequestState; external_id: string | null } | undefined;
        if (!row) return false;
        const same = row.state === state && (externalId === undefined || row.external_id === externalId);
        this.db.prepare("UPDATE requests SET state = ?, external_id = COALESCE(?, external_id), attempts = attempts + ?, last_error = '', updated_at = ? WHERE id = ?").run(state, externalId ?? null, attempt ? 1 : 0, at, id);
        if (!same) this.event(id, at, state, detail);
        return !same;
      })(),
    );
  }

  request(id: string): MaintenanceRequest | undefined {
    return this.toRequests(this.db.prepare('SELECT * FROM requests WHERE id = ?').all(id) as RequestRow[])[0];
  }

  requests(limit: number, equipment?: string): MaintenanceRequest[] {
    const rows = (
      equipment === undefined
        ? this.db.prepare('SELECT * FROM requests ORDER BY created_at DESC, id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM requests WHERE equipment = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(equipment, limit)
    ) as RequestRow[];
    return this.toRequests(rows);
  }

  private toRequests(rows: readonly RequestRow[]): MaintenanceRequest[] {
    const events = this.db.prepare('SELECT at, state, detail FROM request_events WHERE request_id = ? ORDER BY seq');
    return rows.map((r) => ({
      id: r.id,
      equipment: r.equipment,
      symptom: r.symptom,
      priority: r.priority,
      ...(r.failure_code ? { failureCode: r.failure_code } : {}),
      ...(r.alarm_id ? { alarmId: r.alarm_id } : {}),
      ...(r.downtime_id ? { downtimeId: r.downtime_id } : {}),
      ...(r.interval ? { interval: r.interval } : {}),
      requestedBy: r.requested_by,
      createdAt: r.created_at,
      state: r.state,
      ...(r.external_id ? { externalId: r.external_id } : {}),
      attempts: r.attempts,
      lastError: r.last_error,
      updatedAt: r.updated_at,
      history: events.all(r.id) as Array<{ at: number; state: string; detail: string }>,
    }));
  }

  dispose(): void {
    this.health.dispose();
    this.db.close();
  }
}
