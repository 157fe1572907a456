import { severityOfCode } from '../../../common/quality.ts';
import type { Point } from './compression.ts';

/**
 * One bucket of a signal: first/last/min/max of the values the signal had in the bucket (a value held
 * from before the bucket counts from its start), the count of good samples in it, the time-weighted
 * integral and the time it covers with a good value (so avg = sumTw / goodMs), bad samples, worst quality.
 */
export interface RollupRow {
  bucket: number;
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
  count: number;
  sumTw: number;
  goodMs: number;
  nBad: number;
  /** The worst status code seen, or null when no sample fell in the bucket. */
  worstQ: number | null;
}

export function emptyRow(bucket: number): RollupRow {
  return { bucket, first: null, last: null, min: null, max: null, count: 0, sumTw: 0, goodMs: 0, nBad: 0, worstQ: null };
}

export function isGoodPoint(p: Point): p is Point & { v: number } {
  return typeof p.v === 'number' && !Number.isNaN(p.v) && severityOfCode(p.q) !== 'bad';
}

/** The worse of two status codes by severity (bad > uncertain > good); the first one on a tie. */
export function worseQuality(a: number | null, b: number): number {
  if (a === null || a === b) return b;
  return Math.min(b >>> 30, 2) > Math.min(a >>> 30, 2) ? b : a;
}

/** Counts a value the signal had in the bucket (not a sample: `count` is left alone). */
export function touch(row: RollupRow, v: number): void {
  if (row.first === null) row.first = v;
  row.last = v;
  if (row.min === null || v < row.min) row.min = v;
  if (row.max === null || v > row.max) row.max = v;
}

/**
 * Buckets one tag's points in time order. The same code keeps the minute and hour rollups current at
 * ingest and computes aggregates from raw points at query time, so both mean the same thing.
 */
export class BucketAccumulator {
  private prev: Point | undefined;
  /** isGoodPoint(prev), kept with it. */
  private prevGood = false;
  private cur: RollupRow | undefined;
  private readonly width: number;
  private readonly origin: number;
  private readonly gapMs: number;
  private readonly emit: (row: RollupRow) => void;
  private readonly load: ((bucket: number) => RollupRow | undefined) | undefined;

  constructor(width: number, origin: number, gapMs: number, emit: (row: RollupRow) => void, load?: (bucket: number) => RollupRow | undefined) {
    this.width = width;
    this.origin = origin;
    this.gapMs = gapMs;
    this.emit = emit;
    this.load = load;
  }

  bucketOf(t: number): number {
    return this.origin + Math.floor((t - this.origin) / this.width) * this.width;
  }

  add(p: Point): void {
    const prev = this.prev;
    if (prev && p.t <= prev.t) return;
    const cur = this.cur;
    if (prev && cur && prev.t >= cur.bucket && p.t < cur.bucket + this.width && p.t - prev.t <= this.gapMs) {
      // The common case, with the same result as below: p follows prev in the open bucket.
      if (this.prevGood) {
        const ms = p.t - prev.t;
        cur.goodMs += ms;
        cur.sumTw += (prev.v as number) * ms;
        touch(cur, prev.v as number);
      }
      cur.worstQ = worseQuality(cur.worstQ, prev.q);
      this.count(cur, p);
      return;
    }
    if (prev && p.t - prev.t <= this.gapMs) {
      const good = isGoodPoint(prev);
      let t = prev.t;
      while (t < p.t) {
        const bucket = this.bucketOf(t);
        const end = Math.min(bucket + this.width, p.t);
        const row = this.rowFor(bucket);
        if (good) {
          const ms = end - t;
          row.goodMs += ms;
          row.sumTw += prev.v * ms;
          touch(row, prev.v);
        }
        // A held quality (bad while a device is away) marks the buckets it spans, not only the one of its sample.
        row.worstQ = worseQuality(row.worstQ, prev.q);
        t = end;
      }
    }
    this.count(this.rowFor(this.bucketOf(p.t)), p);
  }

  private count(row: RollupRow, p: Point): void {
    const good = isGoodPoint(p);
    if (good) {
      touch(row, p.v);
      row.count++;
    } else if (severityOfCode(p.q) === 'bad') {
      row.nBad++;
    }
    row.worstQ = worseQuality(row.worstQ, p.q);
    this.prev = p;
    this.prevGood = good;
  }

  /** The bucket still open (it changes with the next point). */
  open(): RollupRow | undefined {
    return this.cur;
  }

  /** Emits the open bucket too (end of a query). */
  finish(): void {
    if (this.cur) this.emit(this.cur);
    this.cur = undefined;
  }

  private rowFor(bucket: number): RollupRow {
    const cur = this.cur;
    if (cur && cur.bucket === bucket) return cur;
    if (cur) this.emit(cur);
    const row = (!cur && this.load?.(bucket)) || emptyRow(bucket);
    this.cur = row;
    return row;
  }
}
