import type { Point } from './compression.ts';
import type { RollupRow } from './rollup.ts';

export type RollupLevel = 'minute' | 'hour';
export const LEVEL_MS: Record<RollupLevel, number> = { minute: 60_000, hour: 3_600_000 };

/**
 * Samples stored as they came (tags without compression: every sample kept), columnar, so a batch of a
 * million samples makes no object per sample. `tag` holds storage tag ids; NaN in `v` is no value, unless
 * `text` has a string for that index.
 */
export interface SampleRun {
  count: number;
  tag: Int32Array;
  t: Float64Array;
  v: Float64Array;
  q: Uint32Array;
  text?: Record<number, string>;
}

export function emptySamples(capacity = 0): SampleRun {
  return { count: 0, tag: new Int32Array(capacity), t: new Float64Array(capacity), v: new Float64Array(capacity), q: new Uint32Array(capacity) };
}

/** A sample's value as a point holds it: the string, null for no value (NaN), or the number. */
export function sampleValue(run: SampleRun, i: number): number | string | null {
  const v = run.v[i]!;
  return v === v ? v : (run.text?.[i] ?? null);
}

/** What one batch writes, atomically: stored points, provisional points superseded, rollup rows. */
export interface WriteBatch {
  /** Storage tag ids, parallel to `points`: points a compressing tag stored. */
  tags: number[];
  points: Point[];
  /** Samples of tags without compression, all of them; a tag's samples are either here or in `points` within one batch, in time order. */
  samples: SampleRun;
  discard: Array<{ tag: number; t: number }>;
  /** Per tag, its newest point while a compressing tag has not decided on it yet (replaced or discarded by a later batch). */
  provisional?: Array<{ tag: number; point: Point }>;
  rollups: Array<{ level: RollupLevel; tag: number; row: RollupRow }>;
}

/** Every stored sample of a batch, `points` first, then `samples` (for storages that want them one by one). */
export function forEachStored(batch: WriteBatch, visit: (tag: number, t: number, v: number | string | null, q: number) => void): void {
  for (let i = 0; i < batch.points.length; i++) {
    const p = batch.points[i]!;
    visit(batch.tags[i]!, p.t, p.v, p.q);
  }
  const run = batch.samples;
  for (let i = 0; i < run.count; i++) visit(run.tag[i]!, run.t[i]!, sampleValue(run, i), run.q[i]!);
}

export interface PartitionInfo {
  name: string;
  kind: 'raw' | 'minute' | 'hour';
  from: number;
  to: number;
  rows: number;
}

export interface StorageSize {
  totalBytes: number;
  freeBytes: number;
  partitions: PartitionInfo[];
  tagRows: Array<{ tag: string; rows: number }>;
}

/**
 * The historian's storage backend. The SQLite one lives in sqlite-storage.ts; a PostgreSQL/TimescaleDB
 * one implements the same interface (hypertables for partitions, continuous aggregates for rollups).
 * Every method is synchronous because it runs in the historian's own worker thread.
 */
export interface HistoryStorage {
  /** Storage ids for tag paths, created when new. */
  tagIds(paths: readonly string[]): number[];
  /** Writes a batch in one transaction; throws (nothing written) on failure. */
  write(batch: WriteBatch): void;
  /** Points with from <= t < to, in time order, at most `limit`. */
  readRaw(tag: number, from: number, to: number, limit: number): Point[];
  /** The last point before t. */
  pointBefore(tag: number, t: number): Point | undefined;
  /** The first point at or after t. */
  pointAtOrAfter(tag: number, t: number): Point | undefined;
  /** Rollup rows with from <= bucket < to, in time order. */
  readRollups(level: RollupLevel, tag: number, from: number, to: number): RollupRow[];
  loadRollup(level: RollupLevel, tag: number, bucket: number): RollupRow | undefined;
  /** Drops whole partitions older than the longest retention; trims tags with a shorter one. Returns dropped partition names. */
  applyRetention(now: number, retentionDays: number, perTag: ReadonlyMap<number, number>): string[];
  size(): StorageSize;
  close(): void;
}
