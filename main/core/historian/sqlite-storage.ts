import type Database from 'better-sqlite3';
import { ok, type Result } from '../../../common/result.ts';
import { checkStore, openStore, type OpenProblem } from '../storage/open-store.ts';
import { storeSize } from '../storage/store-size.ts';
import type { Migration, StoreSpec } from '../storage/store-spec.ts';
import { BLOCK_COLUMNS, BlockStore } from './blocks.ts';
import type { Point } from './compression.ts';
import { migrateRows, type MigrationProgress } from './row-migration.ts';
import type { RollupRow } from './rollup.ts';
import type { HistoryStorage, PartitionInfo, RollupLevel, StorageSize, WriteBatch } from './storage.ts';

/** `blocks_` tables hold raw samples in blocks, `raw_` tables as rows (files from before blocks, and late points). */
type Kind = PartitionInfo['kind'] | 'blocks';
const DAY = 86_400_000;
/** How far back (or ahead) a neighbour point is looked for: beyond the longest max interval it is a gap anyway. */
const NEIGHBOUR_WINDOW = 3 * DAY;

interface Partition extends Omit<PartitionInfo, 'kind'> {
  kind: Kind;
  insert?: Database.Statement;
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

const ROLLUP_NAMES = 'tag, bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q';
const ROLLUPS_PER_INSERT = 50;

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
  {
    version: 2,
    description: 'raw samples in compressed blocks (blocks_YYYYMM, made as time goes); the newest undecided point of a compressing tag; raw_ rows are moved into blocks in the background',
    up: (db) => db.exec('CREATE TABLE IF NOT EXISTS provisional (tag INTEGER PRIMARY KEY, t NOT NULL, v, q INTEGER NOT NULL)'),
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
  private readonly blocks: BlockStore;
  /** The provisional table, in memory: per tag its undecided newest point. */
  private readonly provisional = new Map<number, Point>();

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
    this.blocks = new BlockStore({
      partition: (kind, t) => this.partition(kind, t),
      overlapping: (kind, from, to) => this.overlapping(kind, from, to),
      stmt: (sql) => this.stmt(sql),
      count: (p, tag, n) => this.counted(p as Partition, tag, n),
    });
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
    for (const kind of ['raw', 'blocks', 'minute', 'hour'] as const) delete this.current[kind];
    this.blocks.reset();
    this.provisional.clear();
    for (const [tag, t, v, q] of this.db.prepare('SELECT tag, t, v, q FROM provisional').raw().all() as Array<[number, number, number | string | null, number]>) this.provisional.set(tag, { t, v, q });
    for (const row of this.db.prepare('SELECT name, kind, start, end, rows FROM partitions').all() as Array<{ name: string; kind: Kind; start: number; end: number; rows: number }>) {
      this.partitions.set(row.name, { name: row.name, kind: row.kind, from: row.start, to: row.end, rows: row.rows });
    }
    for (const row of this.db.prepare('SELECT id, path FROM tags').all() as Array<{ id: number; path: string }>) this.paths.set(row.id, row.path);
  }

  private rowCounts = new Map<Partition, number>();
  private tagCounts = new Map<number, number>();

  private counted(p: Partition, tag: number, n: number): void {
    this.rowCounts.set(p, (this.rowCounts.get(p) ?? 0) + n);
    this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + n);
  }

  private writeInTx(batch: WriteBatch): void {
    this.rowCounts.clear();
    this.tagCounts.clear();
    for (const { tag, t } of batch.discard) this.dropProvisional(tag, t);
    const { tags, points } = batch;
    const order = orderByTag(tags, tags.length);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const tag = tags[i]!;
      const point = points[i]!;
      this.blocks.append(tag, point);
      // Stored for good: the provisional point it decided on (the same time, or an earlier one) is gone.
      if (this.provisional.size > 0) {
        const pending = this.provisional.get(tag);
        if (pending && pending.t <= point.t) this.dropProvisional(tag, pending.t);
      }
    }
    const run = batch.samples;
    const runOrder = orderByTag(run.tag, run.count);
    const { t: times, v: values, q: qualities, text } = run;
    for (let k = 0; k < runOrder.length; k++) {
      const i = runOrder[k]!;
      const tag = run.tag[i]!;
      const t = times[i]!;
      const raw = values[i]!;
      this.blocks.appendValue(tag, t, raw === raw ? raw : (text?.[i] ?? null), qualities[i]!);
      if (this.provisional.size > 0) {
        const pending = this.provisional.get(tag);
        if (pending && pending.t <= t) this.dropProvisional(tag, pending.t);
      }
    }
    this.blocks.flush();
    for (const { tag, point } of batch.provisional ?? []) {
      this.stmt('INSERT OR REPLACE INTO provisional (tag, t, v, q) VALUES (?, ?, ?, ?)').run(tag, point.t, point.v, point.q);
      this.provisional.set(tag, point);
    }
    this.writeRollups(batch.rollups);
    this.saveCounts();
  }

  /** Rollup rows, replaced as their bucket fills (their partitions are counted in size()); ROLLUPS_PER_INSERT in one statement where they can. */
  private writeRollups(rollups: WriteBatch['rollups']): void {
    const args: Array<number | null> = [];
    let into: Partition | undefined;
    const flush = () => {
      if (!into) return;
      for (let j = 0; j < args.length; j += 11) into.insert!.run(args.slice(j, j + 11));
      args.length = 0;
    };
    for (const { level, tag, row } of rollups) {
      const p = this.partition(level, row.bucket);
      if (p !== into) (flush(), (into = p));
      args.push(tag, row.bucket, row.first, row.last, row.min, row.max, row.count, row.sumTw, row.goodMs, row.nBad, row.worstQ);
      if (args.length === ROLLUPS_PER_INSERT * 11) {
        this.stmt(
          `INSERT OR REPLACE INTO ${p.name} (${ROLLUP_NAMES}) VALUES ${Array(ROLLUPS_PER_INSERT)
            .fill(`(${Array(11).fill('?').join(', ')})`)
            .join(', ')}`,
        ).run(args);
        args.length = 0;
      }
    }
    flush();
  }

  private dropProvisional(tag: number, t: number): void {
    if (this.provisional.get(tag)?.t !== t) return;
    this.stmt('DELETE FROM provisional WHERE tag = ?').run(tag);
    this.provisional.delete(tag);
  }

  /** The row counts gathered in this transaction, into the catalogue. */
  private saveCounts(): void {
    const setPartition = this.stmt('UPDATE partitions SET rows = rows + ? WHERE name = ?');
    for (const [p, n] of this.rowCounts) {
      p.rows += n;
      setPartition.run(n, p.name);
    }
    if (this.tagCounts.size > 8) {
      // Many tags (every batch of a busy recorder): one statement instead of one per tag.
      this.stmt('UPDATE tags SET rows = rows + c.value FROM json_each(?) AS c WHERE tags.id = CAST(c.key AS INTEGER)').run(JSON.stringify(Object.fromEntries(this.tagCounts)));
    } else {
      const setTag = this.stmt('UPDATE tags SET rows = rows + ? WHERE id = ?');
      for (const [tag, n] of this.tagCounts) setTag.run(n, tag);
    }
    this.rowCounts.clear();
    this.tagCounts.clear();
  }

  /**
   * Moves rows of `raw_` tables (a file from before blocks, late points) into blocks, one tag-hour per
   * transaction, for at most `budgetMs`; old rows stay readable until moved. Resumable: what is left is
   * what is still in rows.
   */
  migrateStep(budgetMs: number): MigrationProgress {
    const progress = migrateRows(
      {
        db: this.db,
        rowPartitions: () => this.overlapping('raw', -Infinity, Infinity),
        partition: (kind, t) => this.partition(kind, t),
        stmt: (sql) => this.stmt(sql),
        count: (p, tag, n) => this.counted(p as Partition, tag, n),
        saveCounts: () => this.saveCounts(),
        forget: (tag) => this.blocks.reset(tag),
        dropped: (p) => {
          this.partitions.delete(p.name);
          if (this.current.raw?.name === p.name) delete this.current.raw;
        },
      },
      budgetMs,
    );
    if (progress.failed) this.loadCatalogue();
    return progress;
  }

  /** Blocks, merged with what is still in rows (not yet migrated, late points) and the provisional point; rows win on equal times. */
  readRaw(tag: number, from: number, to: number, limit: number): Point[] {
    const inBlocks = this.blocks.read(tag, from, to, limit);
    const rows: Point[] = [];
    for (const p of this.overlapping('raw', from, to)) {
      if (rows.length >= limit) break;
      const found = this.stmt(`SELECT t, v, q FROM ${p.name} WHERE tag = ? AND t >= ? AND t < ? ORDER BY t LIMIT ?`)
        .raw()
        .all(tag, from, to, limit - rows.length) as Array<[number, number | string | null, number]>;
      for (const [t, v, q] of found) rows.push({ t, v, q });
    }
    const pending = this.provisional.get(tag);
    if (pending && pending.t >= from && pending.t < to) rows.push(pending);
    if (rows.length === 0) return inBlocks;
    return merge(inBlocks, rows).slice(0, limit);
  }

  pointBefore(tag: number, t: number): Point | undefined {
    let best = this.blocks.before(tag, t, t - NEIGHBOUR_WINDOW);
    for (const p of this.overlapping('raw', t - NEIGHBOUR_WINDOW, t).reverse()) {
      const row = this.stmt(`SELECT t, v, q FROM ${p.name} WHERE tag = ? AND t < ? ORDER BY t DESC LIMIT 1`).raw().get(tag, t) as [number, number | string | null, number] | undefined;
      if (row) {
        if (!best || row[0] >= best.t) best = { t: row[0], v: row[1], q: row[2] };
        break;
      }
    }
    const pending = this.provisional.get(tag);
    if (pending && pending.t < t && (!best || pending.t >= best.t)) best = pending;
    return best;
  }

  pointAtOrAfter(tag: number, t: number): Point | undefined {
    let best = this.blocks.atOrAfter(tag, t, t + NEIGHBOUR_WINDOW);
    for (const p of this.overlapping('raw', t, t + NEIGHBOUR_WINDOW)) {
      const row = this.stmt(`SELECT t, v, q FROM ${p.name} WHERE tag = ? AND t >= ? ORDER BY t LIMIT 1`).raw().get(tag, t) as [number, number | string | null, number] | undefined;
      if (row) {
        if (!best || row[0] <= best.t) best = { t: row[0], v: row[1], q: row[2] };
        break;
      }
    }
    const pending = this.provisional.get(tag);
    if (pending && pending.t >= t && (!best || pending.t <= best.t)) best = pending;
    return best;
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
    const trimmed = new Set<number>();
    let droppedTo = -Infinity;
    const retention = this.db.transaction(() => {
      for (const p of [...this.partitions.values()]) {
        if (p.to > cutoff) continue;
        if (p.kind === 'raw' || p.kind === 'blocks') {
          const counts = this.db
            .prepare(`SELECT tag, ${p.kind === 'raw' ? 'count(*)' : 'sum(n)'} FROM ${p.name} GROUP BY tag`)
            .raw()
            .all() as Array<[number, number]>;
          for (const [tag, n] of counts) this.stmt('UPDATE tags SET rows = rows - ? WHERE id = ?').run(n, tag);
        }
        this.db.exec(`DROP TABLE IF EXISTS ${p.name}`);
        if (p.kind === 'raw' || p.kind === 'blocks') droppedTo = Math.max(droppedTo, p.to);
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
          let n: number;
          if (p.kind === 'blocks') {
            // Whole blocks: a block that reaches past the cutoff stays (an hour at most).
            n = this.db.prepare(`SELECT coalesce(sum(n), 0) FROM ${p.name} WHERE tag = ? AND end < ?`).pluck().get(tag, tagCutoff) as number;
            this.db.prepare(`DELETE FROM ${p.name} WHERE tag = ? AND end < ?`).run(tag, tagCutoff);
          } else n = this.db.prepare(`DELETE FROM ${p.name} WHERE tag = ? AND ${p.kind === 'raw' ? 't' : 'bucket'} < ?`).run(tag, tagCutoff).changes;
          p.rows -= n;
          if (n > 0 && (p.kind === 'raw' || p.kind === 'blocks')) trimmed.add(tag);
          this.stmt('UPDATE partitions SET rows = rows - ? WHERE name = ?').run(n, p.name);
          if (p.kind === 'raw' || p.kind === 'blocks') this.stmt('UPDATE tags SET rows = rows - ? WHERE id = ?').run(n, tag);
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
    // Tags trimmed by a shorter retention of their own are read again; the rest keep their open blocks.
    for (const tag of trimmed) this.blocks.reset(tag);
    this.blocks.forgetDropped(new Set(dropped), droppedTo);
    for (const p of this.partitions.values()) p.insert = undefined;
    if (dropped.length > 0) this.db.pragma('incremental_vacuum');
    return dropped;
  }

  size(): StorageSize {
    const { bytes, freeBytes } = storeSize(this.db);
    const partitions = [...this.partitions.values()]
      .map(({ name, kind, from, to, rows }) => ({
        name,
        kind: kind === 'blocks' ? ('raw' as const) : kind,
        from,
        to,
        rows: kind === 'raw' || kind === 'blocks' ? rows : (this.db.prepare(`SELECT count(*) FROM ${name}`).pluck().get() as number),
      }))
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
    if (cached && t >= cached.from && t < cached.to && this.partitions.get(cached.name) === cached && (cached.insert || kind === 'raw' || kind === 'blocks')) return cached;
    const { name, from, to } = partitionOf(kind, t);
    let p = this.partitions.get(name);
    if (!p) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${name} ${kind === 'raw' ? RAW_COLUMNS : kind === 'blocks' ? BLOCK_COLUMNS : ROLLUP_COLUMNS}`);
      this.stmt('INSERT OR IGNORE INTO partitions (name, kind, start, end) VALUES (?, ?, ?, ?)').run(name, kind, from, to);
      p = { name, kind, from, to, rows: 0 };
      this.partitions.set(name, p);
    }
    if (kind === 'minute' || kind === 'hour') p.insert ??= this.db.prepare(`INSERT OR REPLACE INTO ${name} (tag, bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
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

/** Two time-ordered point lists as one; on equal times the second list's point is kept. */
function merge(a: Point[], b: Point[]): Point[] {
  b.sort((x, y) => x.t - y.t);
  const out: Point[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.t < b[j]!.t)) out.push(a[i++]!);
    else {
      if (i < a.length && a[i]!.t === b[j]!.t) i++;
      out.push(b[j++]!);
    }
  }
  return out;
}

type RollupTuple = [number, number | null, number | null, number | null, number | null, number, number, number, number, number | null];

function rollupRow([bucket, first, last, min, max, count, sumTw, goodMs, nBad, worstQ]: RollupTuple): RollupRow {
  return { bucket, first, last, min, max, count, sumTw, goodMs, nBad, worstQ };
}

/**
 * Point indexes grouped by tag (a stable counting sort: each tag's points stay in time order), so a
 * batch inserts into each tag's stretch of the (tag, t) B-tree in one run instead of hopping between tags.
 */
function orderByTag(tags: ArrayLike<number>, count: number): Uint32Array {
  let maxTag = 0;
  for (let i = 0; i < count; i++) if (tags[i]! > maxTag) maxTag = tags[i]!;
  const starts = new Uint32Array(maxTag + 2);
  for (let i = 0; i < count; i++) starts[tags[i]! + 1]!++;
  for (let t = 1; t < starts.length; t++) starts[t]! += starts[t - 1]!;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[starts[tags[i]!]!++] = i;
  return order;
}
