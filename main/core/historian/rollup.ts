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

/** worseQuality for the open bucket's numbers: -1 is no quality yet. */
function worse(a: number, b: number): number {
  if (a < 0 || a === b) return b;
  return Math.min(b >>> 30, 2) > Math.min(a >>> 30, 2) ? b : a;
}

/**
 * The bucket being filled, in plain number fields (V8 keeps them unboxed: no object per sample): NaN
 * stands for no first/last/min/max (good values are never NaN), -1 for no quality yet.
 */
class OpenBucket {
  bucket = 0;
  first = Number.NaN;
  last = Number.NaN;
  min = Number.NaN;
  max = Number.NaN;
  count = 0;
  sumTw = 0;
  goodMs = 0;
  nBad = 0;
  worstQ = -1;

  start(bucket: number, row: RollupRow | undefined): void {
    this.bucket = bucket;
    this.first = row?.first ?? Number.NaN;
    this.last = row?.last ?? Number.NaN;
    this.min = row?.min ?? Number.NaN;
    this.max = row?.max ?? Number.NaN;
    this.count = row?.count ?? 0;
    this.sumTw = row?.sumTw ?? 0;
    this.goodMs = row?.goodMs ?? 0;
    this.nBad = row?.nBad ?? 0;
    this.worstQ = row?.worstQ ?? -1;
  }

  /** touch() */
  touch(v: number): void {
    if (this.first !== this.first) this.first = v;
    this.last = v;
    if (this.min !== this.min || v < this.min) this.min = v;
    if (this.max !== this.max || v > this.max) this.max = v;
  }

  row(): RollupRow {
    const none = (v: number) => (v === v ? v : null);
    return {
      bucket: this.bucket,
      first: none(this.first),
      last: none(this.last),
      min: none(this.min),
      max: none(this.max),
      count: this.count,
      sumTw: this.sumTw,
      goodMs: this.goodMs,
      nBad: this.nBad,
      worstQ: this.worstQ < 0 ? null : this.worstQ,
    };
  }
}

/**
 * Buckets one tag's points in time order. The same code keeps the minute and hour rollups current at
 * ingest and computes aggregates from raw points at query time, so both mean the same thing.
 */
export class BucketAccumulator {
  /** The previous point as numbers (no object per point): its value NaN when it had none or a string. */
  private hasPrev = false;
  private prevT = 0;
  private prevV = Number.NaN;
  private prevQ = 0;
  /** isGoodPoint(prev), kept with it. */
  private prevGood = false;
  private readonly cur = new OpenBucket();
  private hasCur = false;
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
    this.addSample(p.t, typeof p.v === 'number' ? p.v : Number.NaN, p.q);
  }

  /** add() without a point: `v` NaN for no value (or a string, which rollups count as no value too). */
  addSample(t: number, v: number, q: number): void {
    const hasPrev = this.hasPrev;
    const prevT = this.prevT;
    if (hasPrev && t <= prevT) return;
    const cur = this.cur;
    if (hasPrev && this.hasCur && prevT >= cur.bucket && t < cur.bucket + this.width && t - prevT <= this.gapMs) {
      // The common case, with the same result as below: the point follows the previous one in the open bucket.
      if (this.prevGood) {
        const ms = t - prevT;
        cur.goodMs += ms;
        cur.sumTw += this.prevV * ms;
        cur.touch(this.prevV);
      }
      cur.worstQ = worse(cur.worstQ, this.prevQ);
      this.count(t, v, q);
      return;
    }
    if (hasPrev && t - prevT <= this.gapMs) {
      const good = this.prevGood;
      const prevV = this.prevV;
      let at = prevT;
      while (at < t) {
        const bucket = this.bucketOf(at);
        const end = Math.min(bucket + this.width, t);
        this.moveTo(bucket);
        if (good) {
          const ms = end - at;
          cur.goodMs += ms;
          cur.sumTw += prevV * ms;
          cur.touch(prevV);
        }
        // A held quality (bad while a device is away) marks the buckets it spans, not only the one of its sample.
        cur.worstQ = worse(cur.worstQ, this.prevQ);
        at = end;
      }
    }
    this.moveTo(this.bucketOf(t));
    this.count(t, v, q);
  }

  /** Counts the point into the open bucket. As isGoodPoint and severityOfCode: a value (not NaN) whose quality is not bad (top two bits below 2) is good. */
  private count(t: number, v: number, q: number): void {
    const cur = this.cur;
    const severity = q >>> 30;
    const good = severity < 2 && v === v;
    if (good) {
      cur.touch(v);
      cur.count++;
    } else if (severity >= 2) {
      cur.nBad++;
    }
    cur.worstQ = worse(cur.worstQ, q);
    this.hasPrev = true;
    this.prevT = t;
    this.prevV = v;
    this.prevQ = q;
    this.prevGood = good;
  }

  /** The bucket still open (it changes with the next point), as a row of its own. */
  open(): RollupRow | undefined {
    return this.hasCur ? this.cur.row() : undefined;
  }

  /** Emits the open bucket too (end of a query). */
  finish(): void {
    if (this.hasCur) this.emit(this.cur.row());
    this.hasCur = false;
  }

  /** Makes `bucket` the open one: the one before is emitted; the first one is loaded (a restart in the middle of a bucket). */
  private moveTo(bucket: number): void {
    const cur = this.cur;
    if (this.hasCur && cur.bucket === bucket) return;
    if (this.hasCur) this.emit(cur.row());
    cur.start(bucket, this.hasCur ? undefined : this.load?.(bucket));
    this.hasCur = true;
  }
}
