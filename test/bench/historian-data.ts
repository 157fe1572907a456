// Data and write paths for the historian bench: plain SQLite layouts (the baselines), the write-ahead-row
// option for open blocks, the recorder's ingest, a realistic mix of tags and a year of one tag.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HistorySettings } from '../../common/tag.ts';
import { Recorder, type SampleColumns } from '../../main/core/historian/recorder.ts';
import { BucketAccumulator, type RollupRow } from '../../main/core/historian/rollup.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { emptySamples, LEVEL_MS, type RollupLevel } from '../../main/core/historian/storage.ts';
import { seededRandom } from '../support/seeded-random.ts';

export const INGEST_TAGS = 1000;
export const PER_TAG = 50;
const INGEST_SECONDS = 4;
/** Compression off: every sample is kept. */
const KEEP_ALL: HistorySettings = { enabled: true, deadband: 0, compressionDeviation: 0, maxIntervalMs: 600_000 };

function ingestBatches(count: number): SampleColumns[] {
  let t = Date.UTC(2026, 5, 1);
  return Array.from({ length: count }, (_, b) => {
    const n = INGEST_TAGS * PER_TAG;
    const c: SampleColumns = { count: n, tag: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), q: new Uint32Array(n) };
    for (let k = 0; k < PER_TAG; k++) {
      t += 5;
      for (let tag = 0; tag < INGEST_TAGS; tag++) {
        const i = k * INGEST_TAGS + tag;
        c.tag[i] = tag;
        c.t[i] = t;
        c.v[i] = Math.sin((b * PER_TAG + k) / 30 + tag) * 50 + tag;
      }
    }
    return c;
  });
}

export interface Rate {
  perSecond: number;
  /** Samples per second of this thread's CPU time (the machine is shared: wall time includes waiting for a core). */
  perCpuSecond: number;
  samples: number;
}

/** Batches every layout writes, whatever the time: under a heavy load a few batches would be mostly the first one's setup. */
const MIN_BATCHES = 10;

/**
 * Runs `write` over the bench batches: the first one (tables made, every tag's state set up) as a warm-up,
 * not counted; then at least MIN_BATCHES and further ones for at most INGEST_SECONDS.
 */
function timed(write: (batch: SampleColumns) => void): Rate {
  const batches = ingestBatches(40);
  write(batches[0]!);
  let samples = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let b = 1; b < batches.length; b++) {
    const batch = batches[b]!;
    write(batch);
    samples += batch.count;
    if (b >= MIN_BATCHES && performance.now() - start > INGEST_SECONDS * 1000) break;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: samples / seconds, perCpuSecond: samples / ((used.user + used.system) / 1e6), samples };
}

/** Samples/s through the historian's write path: compression off (every sample kept), minute and hour rollups, one transaction per batch. */
export function measureIngest(dir: string): Rate {
  const storage = new SqliteStorage(join(dir, 'ingest.sqlite'));
  const tags = Array.from({ length: INGEST_TAGS }, (_, i) => ({ path: `Bench/T${i}`, settings: KEEP_ALL, numeric: true }));
  const recorder = new Recorder(storage, tags, { retentionDays: 3650, maxPendingSamples: 1e8 });
  const rate = timed((batch) => recorder.ingest(batch, batch.t[batch.count - 1]!));
  if (recorder.status().pendingSamples !== 0) throw new Error('ingest bench: writes pending');
  storage.close();
  return rate;
}

function plainDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * The fastest plain layout measured: samples appended in time order to one rowid table without an index,
 * 100 rows per INSERT statement, one transaction per batch (the row-per-statement variant and the old
 * (tag, t) WITHOUT ROWID table are slower).
 */
export function measurePlainInsert(dir: string): Rate {
  const db = plainDb(join(dir, 'plain.sqlite'));
  db.exec('CREATE TABLE raw (t INTEGER NOT NULL, tag INTEGER NOT NULL, v, q INTEGER NOT NULL)');
  const ROWS = 100;
  const many = db.prepare(`INSERT INTO raw (t, tag, v, q) VALUES ${Array(ROWS).fill('(?, ?, ?, ?)').join(', ')}`);
  const one = db.prepare('INSERT INTO raw (t, tag, v, q) VALUES (?, ?, ?, ?)');
  const args: number[] = [];
  const write = db.transaction((c: SampleColumns) => {
    // The batch is in time order already (all tags at t, then all at t + 5).
    for (let i = 0; i < c.count; i++) {
      args.push(c.t[i]!, c.tag[i]!, c.v[i]!, c.q[i]!);
      if (args.length === ROWS * 4) (many.run(args), (args.length = 0));
    }
    for (let j = 0; j < args.length; j += 4) one.run(args[j], args[j + 1], args[j + 2], args[j + 3]);
    args.length = 0;
  });
  const rate = timed(write);
  db.close();
  return rate;
}

/** The other way to keep open blocks durable: every sample first as a row of a (tag, t) write-ahead table (the insert alone, before any merge into blocks). */
export function measureWriteAheadRows(dir: string): Rate {
  const db = plainDb(join(dir, 'wal-rows.sqlite'));
  db.exec('CREATE TABLE pending (tag INTEGER NOT NULL, t INTEGER NOT NULL, v, q INTEGER NOT NULL, PRIMARY KEY (tag, t)) WITHOUT ROWID');
  const insert = db.prepare('INSERT OR REPLACE INTO pending (tag, t, v, q) VALUES (?, ?, ?, ?)');
  const rate = timed(
    db.transaction((c: SampleColumns) => {
      for (let i = 0; i < c.count; i++) insert.run(c.tag[i]!, c.t[i]!, c.v[i]!, c.q[i]!);
    }),
  );
  db.close();
  return rate;
}

export const MIX = ['Mix/TankLevel', 'Mix/Flow', 'Mix/Parts', 'Mix/MotorOn', 'Mix/State'];

/**
 * One second of a line's tags as instruments and PLCs deliver them: a smooth level (0.01 m resolution), a
 * noisy flow (0.01 m³/h, noise σ 0.8), a parts counter, a motor's on/off, a machine state (0-5).
 */
export function mixSource(seed: number): (s: number, out: Float64Array) => void {
  const r = seededRandom(seed);
  let parts = 0;
  let motor = 1;
  let state = 1;
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  return (s, out) => {
    if (r() < 0.35) parts++;
    if (r() < 1 / 1200) motor = 1 - motor;
    if (r() < 1 / 600) state = Math.floor(r() * 6);
    out[0] = Math.round((50 + 20 * Math.sin((2 * Math.PI * s) / 21_600) + 5 * Math.sin((2 * Math.PI * s) / 2820)) * 100) / 100;
    out[1] = Math.round((120 + 3 * Math.sin(s / 900) + 0.8 * gauss()) * 100) / 100;
    out[2] = parts;
    out[3] = motor;
    out[4] = state;
  };
}

/** `days` of the mix at 1 s through the recorder (compression off, rollups on), in 60 s batches. Returns the samples written. */
export function writeMix(file: string, from: number, days: number): number {
  const storage = new SqliteStorage(file);
  const tags = MIX.map((path) => ({ path, settings: KEEP_ALL, numeric: true }));
  const recorder = new Recorder(storage, tags, { retentionDays: 36_500, maxPendingSamples: 1e8 });
  const source = mixSource(23);
  const values = new Float64Array(MIX.length);
  const BATCH_S = 60;
  const n = BATCH_S * MIX.length;
  let samples = 0;
  for (let s0 = 0; s0 < days * 86_400; s0 += BATCH_S) {
    const c: SampleColumns = { count: n, tag: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), q: new Uint32Array(n) };
    for (let k = 0; k < BATCH_S; k++) {
      source(s0 + k, values);
      for (let tag = 0; tag < MIX.length; tag++) {
        const i = k * MIX.length + tag;
        c.tag[i] = tag;
        c.t[i] = from + (s0 + k) * 1000;
        c.v[i] = values[tag]!;
      }
    }
    recorder.ingest(c, from + (s0 + BATCH_S) * 1000);
    samples += n;
  }
  if (recorder.status().pendingSamples !== 0) throw new Error('mix bench: writes pending');
  storage.db.pragma('wal_checkpoint(TRUNCATE)');
  storage.close();
  return samples;
}

/** A year of the mix's smooth level at 1 s for one tag, through the storage's write path in hourly batches, with its minute and hour rollups. */
export function writeYear(file: string, from: number, to: number): number {
  const storage = new SqliteStorage(file);
  const id = storage.tagIds(['Year/Value'])[0]!;
  const source = mixSource(5);
  const values = new Float64Array(MIX.length);
  const rollups: Array<{ level: RollupLevel; tag: number; row: RollupRow }> = [];
  const accs = (['minute', 'hour'] as const).map((level) => new BucketAccumulator(LEVEL_MS[level], 0, 1_000_000, (row) => rollups.push({ level, tag: id, row })));
  const seconds = (to - from) / 1000;
  for (let h = 0; h < seconds; h += 3600) {
    const points = [];
    for (let s = h; s < Math.min(h + 3600, seconds); s++) {
      source(s, values);
      const p = { t: from + s * 1000, v: values[0]!, q: 0 };
      points.push(p);
      for (const acc of accs) acc.add(p);
    }
    storage.write({ tags: points.map(() => id), points, samples: emptySamples(), discard: [], rollups: rollups.splice(0) });
  }
  for (const acc of accs) acc.finish();
  storage.write({ tags: [], points: [], samples: emptySamples(), discard: [], rollups });
  storage.db.pragma('wal_checkpoint(TRUNCATE)');
  storage.close();
  return seconds;
}
