import type Database from 'better-sqlite3';
import type { Disposable } from '../../../common/emitter.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { ScalarValue } from '../../../common/data-value.ts';
import { isStoreError } from '../storage/store-errors.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import { openWatchedStore } from '../storage/watched-store.ts';
import type { Migration } from '../storage/store-spec.ts';

export const TAG_STORE_FILE = 'tags.sqlite';

/** tags.sqlite's schema versions. */
export const TAG_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'memory tag values and accumulator states',
    up: (db) =>
      db.exec(`
CREATE TABLE IF NOT EXISTS memory_value (path TEXT PRIMARY KEY, value TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accumulator_state (path TEXT PRIMARY KEY, state TEXT NOT NULL, at INTEGER NOT NULL);`),
  },
  {
    version: 2,
    description: 'the execution log and enabled state of event rules',
    up: (db) =>
      db.exec(`
CREATE TABLE rule_state (id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, by TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE rule_run (seq INTEGER PRIMARY KEY, rule TEXT NOT NULL, at INTEGER NOT NULL, result TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX rule_run_rule ON rule_run (rule, seq);`),
  },
];

export interface StoredValue {
  value: ScalarValue;
  at: number;
}

export interface RuleRun {
  seq: number;
  rule: string;
  at: number;
  result: 'ok' | 'refused' | 'failed';
  detail: string;
}

/** Runs kept per rule in the execution log. */
const RUNS_KEPT = 200;

/**
 * The values Lineside owns, in the data folder: memory tags' values (written at once, synchronous
 * FULL: a value the runtime accepted survives a kill or a power cut), accumulators' states and the
 * event rules' enabled state and execution log. A write that cannot be stored is refused, never kept
 * in memory only, so what an operator was told was written is what the next start shows.
 */
export class TagStore implements Disposable {
  readonly file: string;
  readonly health: StoreHealth;
  private readonly db: Database.Database;
  private readonly upsertMemory: Database.Statement;
  private readonly upsertAccumulator: Database.Statement;
  private readonly insertRun: Database.Statement;
  private readonly trimRuns: Database.Statement;

  constructor(file: string, options: StoreHealthOptions = {}) {
    this.file = file;
    const watched = openWatchedStore(
      {
        store: 'tags',
        file,
        migrations: TAG_STORE_MIGRATIONS,
        holds: "the memory tags' values, the accumulators' totals and the event rules' log",
        emptyMeans: 'memory tags would start again from their initial values and totals and run hours from zero',
        synchronous: 'FULL',
      },
      options,
    );
    this.db = watched.db;
    this.health = watched.health;
    this.upsertMemory = this.db.prepare('INSERT INTO memory_value (path, value, at) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value, at = excluded.at');
    this.upsertAccumulator = this.db.prepare('INSERT INTO accumulator_state (path, state, at) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET state = excluded.state, at = excluded.at');
    this.insertRun = this.db.prepare('INSERT INTO rule_run (rule, at, result, detail) VALUES (?, ?, ?, ?)');
    this.trimRuns = this.db.prepare('DELETE FROM rule_run WHERE rule = ? AND seq <= (SELECT seq FROM rule_run WHERE rule = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)');
  }

  memoryValues(): Map<string, StoredValue> {
    const rows = this.db.prepare('SELECT path, value, at FROM memory_value').all() as Array<{ path: string; value: string; at: number }>;
    return new Map(rows.map((r) => [r.path, { value: JSON.parse(r.value) as ScalarValue, at: r.at }]));
  }

  /** Stores a memory tag's value; refused (the store's refusal) when the file cannot be written. */
  writeMemory(path: string, value: ScalarValue, at: number): Result<void> {
    return this.guard(() => this.upsertMemory.run(path, JSON.stringify(value), at));
  }

  accumulatorStates(): Map<string, { state: unknown; at: number }> {
    const rows = this.db.prepare('SELECT path, state, at FROM accumulator_state').all() as Array<{ path: string; state: string; at: number }>;
    return new Map(rows.map((r) => [r.path, { state: JSON.parse(r.state) as unknown, at: r.at }]));
  }

  writeAccumulators(states: ReadonlyMap<string, unknown>, at: number): Result<void> {
    return this.guard(
      this.db.transaction(() => {
        for (const [path, state] of states) this.upsertAccumulator.run(path, JSON.stringify(state), at);
      }),
    );
  }

  ruleStates(): Map<string, { enabled: boolean; by: string; at: number }> {
    const rows = this.db.prepare('SELECT id, enabled, by, at FROM rule_state').all() as Array<{ id: string; enabled: number; by: string; at: number }>;
    return new Map(rows.map((r) => [r.id, { enabled: r.enabled === 1, by: r.by, at: r.at }]));
  }

  writeRuleState(id: string, enabled: boolean, by: string, at: number): Result<void> {
    return this.guard(() => this.db.prepare('INSERT INTO rule_state (id, enabled, by, at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, by = excluded.by, at = excluded.at').run(id, enabled ? 1 : 0, by, at));
  }

  addRuleRun(run: Omit<RuleRun, 'seq'>): Result<void> {
    return this.guard(() => {
      this.insertRun.run(run.rule, run.at, run.result, run.detail);
      this.trimRuns.run(run.rule, run.rule, RUNS_KEPT);
    });
  }

  ruleRuns(rule: string, limit: number): RuleRun[] {
    return this.db.prepare('SELECT seq, rule, at, result, detail FROM rule_run WHERE rule = ? ORDER BY seq DESC LIMIT ?').all(rule, limit) as RuleRun[];
  }

  dispose(): void {
    this.health.dispose();
    this.db.close();
  }

  private guard(write: () => unknown): Result<void> {
    try {
      write();
      this.health.succeeded();
      return ok(undefined);
    } catch (error) {
      if (!isStoreError(error)) throw error;
      const refusal = this.health.failed(error);
      return fail('unavailable', refusal.message);
    }
  }
}
