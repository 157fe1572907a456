import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import type { Point } from '../historian/compression.ts';
import type { RollupRow } from '../historian/rollup.ts';
import { forEachStored, type RollupLevel, type WriteBatch } from '../historian/storage.ts';

const VERSION = 1;
const ROLLUP_FIELDS = 12;

/** One batch as the outbox gives it back, in the order it was appended. */
export interface OutboxBatch {
  seq: number;
  tags: Int32Array;
  t: Float64Array;
  v: Float64Array;
  q: Uint32Array;
  /** String values by point index. */
  text: Record<number, string>;
  discard: Array<{ tag: number; t: number }>;
  provisional: Array<{ tag: number; point: Point }>;
  rollups: Array<{ level: RollupLevel; tag: number; row: RollupRow }>;
}

export interface OutboxStats {
  batches: number;
  samples: number;
  bytes: number;
  /** The oldest waiting point's time, if any. */
  oldestT: number | null;
}

/**
 * The station's forward queue on disk (`forward.sqlite`, WAL): every batch the station's recorder stores
 * is appended here in the same order, and leaves only once the central historian has committed it.
 * Sequence numbers never go back (AUTOINCREMENT); `epoch` names this file, so a queue made anew is never
 * mistaken for one the central database has already seen. Bounded: past `maxBytes` the oldest batches
 * are given up (counted).
 */
export class ForwardOutbox {
  readonly db: Database.Database;
  readonly epoch: string;
  readonly file: string;
  readonly maxBytes: number;
  private stats: OutboxStats;
  private dropped = 0;
  private readonly insert: Database.Statement;
  private readonly saveRollup: Database.Statement;

  private constructor(db: Database.Database, file: string, epoch: string, maxBytes: number) {
    this.db = db;
    this.file = file;
    this.epoch = epoch;
    this.maxBytes = maxBytes;
    this.insert = db.prepare('INSERT INTO batches (t_min, n, bytes, points, extra) VALUES (?, ?, ?, ?, ?)');
    this.saveRollup = db.prepare('INSERT OR REPLACE INTO open_rollups (level, tag, bucket, data) VALUES (?, ?, ?, ?)');
    const s = db.prepare('SELECT count(*) AS batches, coalesce(sum(n), 0) AS samples, coalesce(sum(bytes), 0) AS bytes, min(t_min) AS oldestT FROM batches').get() as OutboxStats;
    this.stats = { batches: s.batches, samples: s.samples, bytes: s.bytes, oldestT: s.oldestT };
  }

  /** Opens (or makes) the queue file; refuses a file of a newer version. */
  static open(file: string, maxBytes: number): ForwardOutbox {
    const created = !existsSync(file);
    const db = new Database(file);
    try {
      if (created) chmodSync(file, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > VERSION) throw new Error(`${file} was written by a newer Lineside (forward queue version ${version}; this one knows ${VERSION})`);
      if (version === 0) {
        db.exec(`
          CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
          CREATE TABLE IF NOT EXISTS tags (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
          CREATE TABLE IF NOT EXISTS batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, t_min REAL, n INTEGER NOT NULL, bytes INTEGER NOT NULL, points BLOB NOT NULL, extra TEXT);
          CREATE TABLE IF NOT EXISTS open_rollups (level TEXT NOT NULL, tag INTEGER NOT NULL, bucket REAL NOT NULL, data BLOB NOT NULL, PRIMARY KEY (level, tag)) WITHOUT ROWID;
        `);
        db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('epoch', randomUUID());
        db.pragma(`user_version = ${VERSION}`);
      } else {
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new Error(`${file} is damaged (${String(check)}): move it away to start an empty forward queue (what it held is still in the station's history)`);
      }
      const epoch = (db.prepare("SELECT value FROM meta WHERE key = 'epoch'").get() as { value: string }).value;
      return new ForwardOutbox(db, file, epoch, maxBytes);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  tagIds(paths: readonly string[]): number[] {
    const add = this.db.prepare('INSERT OR IGNORE INTO tags (path) VALUES (?)');
    const get = this.db.prepare('SELECT id FROM tags WHERE path = ?').pluck();
    return this.db.transaction(() => paths.map((p) => (add.run(p), get.get(p) as number)))();
  }

  paths(): Map<number, string> {
    return new Map((this.db.prepare('SELECT id, path FROM tags').raw().all() as Array<[number, string]>).map(([id, path]) => [id, path]));
  }

  /** Appends one recorder batch (one transaction); past the bound the oldest batches are given up first. */
  append(batch: WriteBatch): void {
    const n = batch.points.length + batch.samples.count;
    const r = batch.rollups.length;
    const head = new Uint32Array([n, r]);
    const f64 = new Float64Array(2 * n + ROLLUP_FIELDS * r);
    const i32 = new Int32Array(n);
    const u32 = new Uint32Array(n);
    const text: Record<number, string> = {};
    let hasText = false;
    let tMin = Infinity;
    let i = 0;
    // Points of compressing tags and the columns of tags that keep every sample, alike.
    forEachStored(batch, (tag, t, v, q) => {
      f64[i] = t;
      if (t < tMin) tMin = t;
      if (typeof v === 'number') f64[n + i] = v;
      else {
        f64[n + i] = Number.NaN;
        if (typeof v === 'string') ((text[i] = v), (hasText = true));
      }
      i32[i] = tag;
      u32[i] = q;
      i++;
    });
    const latest = new Map<string, { level: RollupLevel; tag: number; row: RollupRow }>();
    for (let k = 0; k < r; k++) {
      const { level, tag, row } = batch.rollups[k]!;
      const at = 2 * n + k * ROLLUP_FIELDS;
      f64.set([level === 'minute' ? 0 : 1, tag, row.bucket, nz(row.first), nz(row.last), nz(row.min), nz(row.max), row.count, row.sumTw, row.goodMs, row.nBad, nz(row.worstQ)], at);
      const key = `${level} ${tag}`;
      const had = latest.get(key);
      if (!had || had.row.bucket <= row.bucket) latest.set(key, batch.rollups[k]!);
    }
    const points = Buffer.concat([Buffer.from(head.buffer), Buffer.from(f64.buffer), Buffer.from(i32.buffer), Buffer.from(u32.buffer)]);
    const extraObj: Record<string, unknown> = {};
    if (hasText) extraObj['s'] = text;
    if (batch.discard.length > 0) extraObj['d'] = batch.discard;
    if (batch.provisional && batch.provisional.length > 0) extraObj['p'] = batch.provisional;
    const extra = Object.keys(extraObj).length > 0 ? JSON.stringify(extraObj) : null;
    const bytes = points.length + (extra?.length ?? 0);
    this.db.transaction(() => {
      this.makeRoom(bytes);
      this.insert.run(Number.isFinite(tMin) ? tMin : null, n, bytes, points, extra);
      for (const { level, tag, row } of latest.values()) this.saveRollup.run(level, tag, row.bucket, JSON.stringify(row));
    })();
    this.stats.batches++;
    this.stats.samples += n;
    this.stats.bytes += bytes;
    if (Number.isFinite(tMin) && (this.stats.oldestT === null || tMin < this.stats.oldestT)) this.stats.oldestT = tMin;
  }

  /** The newest rollup row of a tag and level, if it is for `bucket` (the recorder's bucket still open at a restart). */
  loadRollup(level: RollupLevel, tag: number, bucket: number): RollupRow | undefined {
    const row = this.db.prepare('SELECT bucket, data FROM open_rollups WHERE level = ? AND tag = ?').get(level, tag) as { bucket: number; data: string } | undefined;
    return row && row.bucket === bucket ? (JSON.parse(row.data) as RollupRow) : undefined;
  }

  /** Batches after `afterSeq`, oldest first, until about `maxPoints` points. */
  read(afterSeq: number, maxPoints: number): OutboxBatch[] {
    const out: OutboxBatch[] = [];
    let points = 0;
    const rows = this.db.prepare('SELECT seq, points, extra FROM batches WHERE seq > ? ORDER BY seq').raw().iterate(afterSeq) as IterableIterator<[number, Buffer, string | null]>;
    for (const [seq, blob, extra] of rows) {
      out.push(decode(seq, blob, extra));
      points += out[out.length - 1]!.t.length;
      if (points >= maxPoints) {
        rows.return?.();
        break;
      }
    }
    return out;
  }

  /** Removes what the central historian has committed. */
  remove(uptoSeq: number): void {
    const gone = this.db.prepare('DELETE FROM batches WHERE seq <= ? RETURNING n, bytes').raw().all(uptoSeq) as Array<[number, number]>;
    if (gone.length === 0) return;
    this.stats.batches -= gone.length;
    for (const [n, bytes] of gone) {
      this.stats.samples -= n;
      this.stats.bytes -= bytes;
    }
    this.stats.oldestT = this.stats.batches === 0 ? null : (this.db.prepare('SELECT min(t_min) FROM batches').pluck().get() as number | null);
  }

  status(): OutboxStats & { dropped: number } {
    return { ...this.stats, dropped: this.dropped };
  }

  close(): void {
    this.db.close();
  }

  private makeRoom(bytes: number): void {
    if (this.stats.bytes + bytes <= this.maxBytes) return;
    const oldest = this.db.prepare('SELECT seq, n, bytes FROM batches ORDER BY seq').raw().iterate() as IterableIterator<[number, number, number]>;
    let upto = 0;
    for (const [seq, n, b] of oldest) {
      if (this.stats.bytes + bytes <= this.maxBytes) break;
      upto = seq;
      this.stats.bytes -= b;
      this.stats.samples -= n;
      this.stats.batches--;
      this.dropped += n;
    }
    if (upto > 0) this.db.prepare('DELETE FROM batches WHERE seq <= ?').run(upto);
    this.stats.oldestT = this.db.prepare('SELECT min(t_min) FROM batches').pluck().get() as number | null;
  }
}

const nz = (x: number | null): number => (x === null ? Number.NaN : x);
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

function decode(seq: number, blob: Buffer, extra: string | null): OutboxBatch {
  // The blob is copied into an aligned buffer: SQLite's may start anywhere.
  const ab = new ArrayBuffer(blob.length);
  new Uint8Array(ab).set(blob);
  const [n, r] = new Uint32Array(ab, 0, 2) as unknown as [number, number];
  const f64 = new Float64Array(ab, 8, 2 * n + ROLLUP_FIELDS * r);
  const after = 8 + f64.byteLength;
  const parsed = extra ? (JSON.parse(extra) as { s?: Record<number, string>; d?: OutboxBatch['discard']; p?: OutboxBatch['provisional'] }) : {};
  const rollups: OutboxBatch['rollups'] = [];
  for (let k = 0; k < r; k++) {
    const a = 2 * n + k * ROLLUP_FIELDS;
    rollups.push({
      level: f64[a] === 0 ? 'minute' : 'hour',
      tag: f64[a + 1]!,
      row: {
        bucket: f64[a + 2]!,
        first: orNull(f64[a + 3]!),
        last: orNull(f64[a + 4]!),
        min: orNull(f64[a + 5]!),
        max: orNull(f64[a + 6]!),
        count: f64[a + 7]!,
        sumTw: f64[a + 8]!,
        goodMs: f64[a + 9]!,
        nBad: f64[a + 10]!,
        worstQ: orNull(f64[a + 11]!),
      },
    });
  }
  return {
    seq,
    t: f64.subarray(0, n),
    v: f64.subarray(n, 2 * n),
    tags: new Int32Array(ab, after, n),
    q: new Uint32Array(ab, after + 4 * n, n),
    text: parsed.s ?? {},
    discard: parsed.d ?? [],
    provisional: parsed.p ?? [],
    rollups,
  };
}
