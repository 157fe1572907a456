import type { Point } from './compression.ts';
import type { RollupRow } from './rollup.ts';

export type RollupLevel = 'minute' | 'hour';
export const LEVEL_MS: Record<RollupLevel, number> = { minute: 60_000, hour: 3_600_000 };

/** What one batch writes, atomically: stored points, provisional points superseded, rollup rows. */
export interface WriteBatch {
  /** Storage tag ids, parallel to `points`. */
  tags: number[];
  points: Point[];
  discard: Array<{ tag: number; t: number }>;
  /** Per tag, its newest point while a compressing tag has not decided on it yet (replaced or discarded by a later batch). */
  provisional?: Array<{ tag: number; point: Point }>;
  rollups: Array<{ level: RollupLevel; tag: number; row: RollupRow }>;
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
