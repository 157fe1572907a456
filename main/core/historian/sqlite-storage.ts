import type Database from 'better-sqlite3';
import { ok, type Result } from '../../../common/result.ts';
import { checkStore, openStore, type OpenProblem } from '../storage/open-store.ts';
import { storeSize } from '../storage/store-size.ts';
import type { Migration, StoreSpec } from '../storage/store-spec.ts';
import type { Point } from './compression.ts';
import type { RollupRow } from './rollup.ts';
import type { HistoryStorage, PartitionInfo, RollupLevel, StorageSize, WriteBatch } from './storage.ts';

type Kind = PartitionInfo['kind'];
const DAY = 86_400_000;
/** How far back (or ahead) a neighbour point is looked for: beyond the longest max interval it is a gap anyway. */
const NEIGHBOUR_WINDOW = 3 * DAY;
const MULTI_ROWS = 50;

interface Partition extends PartitionInfo {
  insert?: Database.Statement;
  insertMany?: Database.Statement;
}

/** UTC month partitions for raw points and minute rollups, UTC years for hour rollups. */
function partitionOf(kind: Kind, t: number): { name: string; from: number; to: number } {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (kind === 'hour') return { name: `hour_${y}`, from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1) };
  const m = d.getUTCMonth();
  const key = `${y}${String(m + 1).padStart(2, '0')}`;
  return { name: `${kind}_${key}`, from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1) };
}

const RAW_COLUMNS = '(tag INTEGER NOT NULL, t INTEGER NOT NULL, v, q INTEGER NOT NULL, PRIMARY KEY (tag, t)) WITHOUT ROWID';
const ROLLUP_COLUMNS =
  '(tag INTEGER NOT NULL, bucket INTEGER NOT NULL, first REAL, last REAL, min REAL, max REAL, count INTEGER NOT NULL, sum_tw REAL NOT NULL, good_ms INTEGER NOT NULL, n_bad INTEGER NOT NULL, worst_q INTEGER, PRIMARY KEY (tag, bucket)) WITHOUT ROWID';

/** history.sqlite's schema versions; 1 is the schema from before versions (partition tables are made as time goes). */
export const HISTORY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'tags and the partition catalogue',
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, rows INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS partitions (name TEXT PRIMARY KEY, kind TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, rows INTEGER NOT NULL DEFAULT 0);
      `),
  },
];

function historySpec(file: string, busyTimeoutMs = 100): StoreSpec {
  return {
    store: 'historian',
    file,
    migrations: HISTORY_MIGRATIONS,
    holds: 'the recorded history of the tags',
    autoVacuum: 'INCREMENTAL',
    cacheSizeKiB: 65536,
    busyTimeoutMs,
    // Gigabytes of points: the catalogue now, the whole file right after (checkStore).
    checkAtOpen: ['tags', 'partitions'],
  };
}

/**
 * The embedded historian store: one SQLite file in WAL mode. Raw points and rollups live in time
 * partitions (one table per month or year), so retention drops whole tables and queries touch only
 * the partitions of their range; rows are clustered by (tag, time).
 */
export class SqliteStorage implements HistoryStorage {
  readonly db: Database.Database;
  private readonly file: string;
  private readonly partitions = new Map<string, Partition>();
  private readonly current: Partial<Record<Kind, Partition>> = {};
  private readonly statements = new Map<string, Database.Statement>();
  private readonly paths = new Map<number, string>();
  private readonly writeTx: (batch: WriteBatch) => void;

  /**
   * Opens (or creates) the file through the shared store helper. A refusal (damaged, emptied, newer)
   * is a 'config-error'; a store that cannot be written now (a new file on a full disk) is
   * 'unavailable', and the worker tries again.
   */
  static open(file: string, options: { busyTimeoutMs?: number } = {}): Result<SqliteStorage, OpenProblem> {
    const opened = openStore(historySpec(file, options.busyTimeoutMs));
    return opened.ok ? ok(new SqliteStorage(file, opened.value.db)) : opened;
  }

  /** The whole file's quick_check (the open checked only the catalogue): seconds per GB, run in the worker after the open. */
  check(): Result<void, OpenProblem> {
    return checkStore(historySpec(this.file), this.db);
  }

  /** `db` opened by `SqliteStorage.open`; tests may pass a path instead and get a store opened the same way. */
  constructor(file: string, db?: Database.Database) {
    this.file = file;
    if (!db) {
      const opened = SqliteStorage.open(file);
      if (!opened.ok) throw new Error(opened.error.message);
      db = opened.value.db;
    }
    this.db = db;
    this.loadCatalogue();
    this.writeTx = this.db.transaction((batch: WriteBatch) => this.writeInTx(batch));
  }

  /** Tag ids for paths; only paths new to the file are written (a restart on a full disk writes nothing). */
  tagIds(paths: readonly string[]): number[] {
    const find = this.db.prepare('SELECT id FROM tags WHERE path = ?');
    const insert = this.db.prepare('INSERT INTO tags (path) VALUES (?) ON CONFLICT (path) DO UPDATE SET path = excluded.path RETURNING id');
    return paths.map((path) => {
      const id = ((find.get(path) ?? insert.get(path)) as { id: number }).id;
      this.paths.set(id, path);
      return id;
    });
  }

  write(batch: WriteBatch): void {
    try {
      this.writeTx(batch);
    } catch (error) {
      // Rolled back: partitions created and row counts kept in memory during it did not happen.
      this.loadCatalogue();
      throw error;
    }
  }

  /** The partition catalogue and tag names as the file has them (at open, and after a failed transaction). */
  private loadCatalogue(): void {
    this.partitions.clear();
    this.statements.clear();
    for (const kind of ['raw', 'minute', 'hour'] as const) delete this.current[kind];
    for (const row of this.db.prepare('SELECT name, kind, start, end, rows FROM partitions').all() as Array<{ name: string; kind: Kind; start: number; end: number; rows: number }>) {
      this.partitions.set(row.name, { name: row.name, kind: row.kind, from: row.start, to: row.end, rows: row.rows });
    }
    for (const row of this.db.prepare('SELECT id, path FROM tags').all() as Array<{ id: number; path: string }>) this.paths.set(row.id, row.path);
  }

  private writeInTx(batch: WriteBatch): void {
    const rows = new Map<Partition, number>();
    const tagRows = new Map<number, number>();
    const count = (p: Partition, tag: number, n: number) => {
      rows.set(p, (rows.get(p) ?? 0) + n);
      tagRows.set(tag, (tagRows.get(tag) ?? 0) + n);
    };
    for (const { tag, t } of batch.discard) {
      const p = this.partition('raw', t);
      const changes = this.stmt(`DELETE FROM ${p.name} WHERE tag = ? AND t = ?`).run(tag, t).changes;
      count(p, tag, -changes);
    }
    const { tags, points } = batch;
    const perTag: number[] = [];
    let p: Partition | undefined;
    let inP = 0;
    // Rows go in MULTI_ROWS at a time (one statement call instead of MULTI_ROWS), the rest one by one.
    const args: Array<number | string | null> = [];
    const flush = () => {
      if (!p) return;
      for (let j = 0; j < args.length; j += 4) p.insert!.run(args[j], args[j + 1], args[j + 2], args[j + 3]);
      rows.set(p, (rows.get(p) ?? 0) + inP);
      args.length = 0;
      inP = 0;
    };
    const order = orderByTag(tags);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const point = points[i]!;
      if (!p || point.t < p.from || point.t >= p.to) {
        flush();
        p = this.partition('raw', point.t);
      }
      const tag = tags[i]!;
      args.push(tag, point.t, point.v, point.q);
      inP++;
      perTag[tag] = (perTag[tag] ?? 0) + 1;
      if (args.length === MULTI_ROWS * 4) {
        (p.insertMany ??= this.db.prepare(`INSERT OR REPLACE INTO ${p.name} (tag, t, v, q) VALUES ${Array(MULTI_ROWS).fill('(?, ?, ?, ?)').join(', ')}`)).run(args);
        rows.set(p, (rows.get(p) ?? 0) + inP);
        args.length = 0;
        inP = 0;
      }
    }
    flush();
    perTag.forEach((n, tag) => tagRows.set(tag, (tagRows.get(tag) ?? 0) + n));
    for (const { level, tag, row } of batch.rollups) {
      const p = this.partition(level, row.bucket);
      // Rollup rows are replaced as their bucket fills; their partitions are counted in size().
      p.insert!.run(tag, row.bucket, row.first, row.last, row.min, row.max, row.count, row.sumTw, row.goodMs, row.nBad, row.worstQ);
    }
    const setPartition = this.stmt('UPDATE partitions SET rows = rows + ? WHERE name = ?');
    for (const [p, n] of rows) {
      p.rows += n;
      setPartition.run(n, p.name);
    }
    const setTag = this.stmt('UPDATE tags SET rows = rows + ? WHERE id = ?');
    for (const [tag, n] of tagRows) setTag.run(n, tag);
  }

  readRaw(tag: number, from: number, to: number, limit: number): Point[] {
    const out: Point[] = [];
    for (const p of this.overlapping('raw', from, to)) {
      if (out.length >= limit) break;
      const rows = this.stmt(`SELECT t, v, q FROM ${p.name} WHERE tag = ? AND t >= ? AND t < ? ORDER BY t LIMIT ?`)
        .raw()
        .all(tag, from, to, limit - out.length) as Array<[number, number | string | null, number]>;
      for (const [t, v, q] of rows) out.push({ t, v, q });
    }
    return out;
  }

  pointBefore(tag: number, t: number): Point | undefined {
    const parts = this.overlapping('raw', t - NEIGHBOUR_WINDOW, t).reverse();
    for (const p of parts) {
      const row = this.stmt(`SELECT t, v, q FROM ${p.name} WHERE tag = ? AND t < ? ORDER BY t DESC LIMIT 1`).raw().get(tag, t) as [number, number | string | null, number] | undefined;
      if (row) return { t: row[0], v: row[1], q: row[2] };
    }
    return undefined;
  }

  pointAtOrAfter(tag: number, t: number): Point | undefined {
    for (const p of this.overlapping('raw', t, t + NEIGHBOUR_WINDOW)) {
      const row = this.stmt(`SELECT t, v, q FROM ${p.name} WHERE tag = ? AND t >= ? ORDER BY t LIMIT 1`).raw().get(tag, t) as [number, number | string | null, number] | undefined;
      if (row) return { t: row[0], v: row[1], q: row[2] };
    }
    return undefined;
  }

  readRollups(level: RollupLevel, tag: number, from: number, to: number): RollupRow[] {
    const out: RollupRow[] = [];
    for (const p of this.overlapping(level, from, to)) {
      const rows = this.stmt(`SELECT bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q FROM ${p.name} WHERE tag = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`).raw().all(tag, from, to) as RollupTuple[];
      for (const r of rows) out.push(rollupRow(r));
    }
    return out;
  }

  loadRollup(level: RollupLevel, tag: number, bucket: number): RollupRow | undefined {
    const p = this.partitions.get(partitionOf(level, bucket).name);
    if (!p) return undefined;
    const r = this.stmt(`SELECT bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q FROM ${p.name} WHERE tag = ? AND bucket = ?`).raw().get(tag, bucket) as RollupTuple | undefined;
    return r ? rollupRow(r) : undefined;
  }

  applyRetention(now: number, retentionDays: number, perTag: ReadonlyMap<number, number>): string[] {
    const longest = Math.max(retentionDays, ...perTag.values());
    const cutoff = now - longest * DAY;
    const dropped: string[] = [];
    const retention = this.db.transaction(() => {
      for (const p of [...this.partitions.values()]) {
        if (p.to > cutoff) continue;
        if (p.kind === 'raw') {
          const counts = this.db.prepare(`SELECT tag, count(*) FROM ${p.name} GROUP BY tag`).raw().all() as Array<[number, number]>;
          for (const [tag, n] of counts) this.stmt('UPDATE tags SET rows = rows - ? WHERE id = ?').run(n, tag);
        }
        this.db.exec(`DROP TABLE IF EXISTS ${p.name}`);
        this.stmt('DELETE FROM partitions WHERE name = ?').run(p.name);
        this.partitions.delete(p.name);
        if (this.current[p.kind] === p) delete this.current[p.kind];
        dropped.push(p.name);
      }
      for (const [tag, days] of perTag) {
        if (days >= longest) continue;
        const tagCutoff = now - days * DAY;
        for (const p of this.partitions.values()) {
          if (p.from >= tagCutoff) continue;
          const column = p.kind === 'raw' ? 't' : 'bucket';
          const n = this.db.prepare(`DELETE FROM ${p.name} WHERE tag = ? AND ${column} < ?`).run(tag, tagCutoff).changes;
          p.rows -= n;
          this.stmt('UPDATE partitions SET rows = rows - ? WHERE name = ?').run(n, p.name);
          if (p.kind === 'raw') this.stmt('UPDATE tags SET rows = rows - ? WHERE id = ?').run(n, tag);
        }
      }
    });
    try {
      retention();
    } catch (error) {
      this.loadCatalogue();
      throw error;
    }
    this.statements.clear();
    for (const p of this.partitions.values()) p.insert = p.insertMany = undefined;
    if (dropped.length > 0) this.db.pragma('incremental_vacuum');
    return dropped;
  }

  size(): StorageSize {
    const { bytes, freeBytes } = storeSize(this.db);
    const partitions = [...this.partitions.values()]
      .map(({ name, kind, from, to, rows }) => ({ name, kind, from, to, rows: kind === 'raw' ? rows : (this.db.prepare(`SELECT count(*) FROM ${name}`).pluck().get() as number) }))
      .sort((a, b) => a.from - b.from || a.name.localeCompare(b.name));
    const tagRows = this.db.prepare('SELECT path AS tag, rows FROM tags ORDER BY path').all() as Array<{ tag: string; rows: number }>;
    return { totalBytes: bytes, freeBytes, partitions, tagRows };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The partition holding time t, created on first use. */
  private partition(kind: Kind, t: number): Partition {
    const cached = this.current[kind];
    if (cached && t >= cached.from && t < cached.to && cached.insert) return cached;
    const { name, from, to } = partitionOf(kind, t);
    let p = this.partitions.get(name);
    if (!p) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${name} ${kind === 'raw' ? RAW_COLUMNS : ROLLUP_COLUMNS}`);
      this.stmt('INSERT OR IGNORE INTO partitions (name, kind, start, end) VALUES (?, ?, ?, ?)').run(name, kind, from, to);
      p = { name, kind, from, to, rows: 0 };
      this.partitions.set(name, p);
    }
    p.insert ??=
      kind === 'raw'
        ? this.db.prepare(`INSERT OR REPLACE INTO ${name} (tag, t, v, q) VALUES (?, ?, ?, ?)`)
        : this.db.prepare(`INSERT OR REPLACE INTO ${name} (tag, bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.current[kind] = p;
    return p;
  }

  private overlapping(kind: Kind, from: number, to: number): Partition[] {
    return [...this.partitions.values()].filter((p) => p.kind === kind && p.to > from && p.from < to).sort((a, b) => a.from - b.from);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

type RollupTuple = [number, number | null, number | null, number | null, number | null, number, number, number, number, number | null];

function rollupRow([bucket, first, last, min, max, count, sumTw, goodMs, nBad, worstQ]: RollupTuple): RollupRow {
  return { bucket, first, last, min, max, count, sumTw, goodMs, nBad, worstQ };
}

/**
 * Point indexes grouped by tag (a stable counting sort: each tag's points stay in time order), so a
 * batch inserts into each tag's stretch of the (tag, t) B-tree in one run instead of hopping between tags.
 */
function orderByTag(tags: readonly number[]): Uint32Array {
  let maxTag = 0;
  for (let i = 0; i < tags.length; i++) if (tags[i]! > maxTag) maxTag = tags[i]!;
  const starts = new Uint32Array(maxTag + 2);
  for (let i = 0; i < tags.length; i++) starts[tags[i]! + 1]!++;
  for (let t = 1; t < starts.length; t++) starts[t]! += starts[t - 1]!;
  const order = new Uint32Array(tags.length);
  for (let i = 0; i < tags.length; i++) order[starts[tags[i]!]!++] = i;
  return order;
}
