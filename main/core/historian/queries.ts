import { MAX_BUCKETS, type HistoryFrame, type ParsedHistoryQuery } from '../../../common/history.ts';
import { qualityFromStatusCode, severityOfCode, type Quality } from '../../../common/quality.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { Point } from './compression.ts';
import { BucketAccumulator, emptyRow, isGoodPoint, touch, worseQuality, type RollupRow } from './rollup.ts';
import { LEVEL_MS, type HistoryStorage, type RollupLevel } from './storage.ts';

/** What a query needs to know of a tag (the rest of the frame's metadata is added by the caller). */
export interface QueryTag {
  path: string;
  id: number;
  gapMs: number;
  /** Discrete tags (bool, states, strings) hold their value; analog ones are interpolated linearly. */
  step: boolean;
}

/** A frame without the tag metadata (units, limits), which the main thread adds. */
export type FrameData = Pick<HistoryFrame, 'tag' | 'kind' | 'source' | 'fields'> & { bucketMs?: number };

/** Raw aggregation past this many points is refused: use an interval that rollups can answer. */
const MAX_RAW_AGGREGATE_POINTS = 2_000_000;

const q = (code: number): Quality => qualityFromStatusCode(code);

/** `now` bounds the live edge: the newest value counts as held up to it (within the tag's gap time), not beyond. */
export function runQuery(storage: HistoryStorage, query: ParsedHistoryQuery, tag: QueryTag, now = Number.POSITIVE_INFINITY): Result<FrameData> {
  switch (query.kind) {
    case 'raw':
      return rawFrame(storage, tag, query.from, Math.min(query.to, Math.max(now + 1, query.from + 1)), query.limit);
    case 'interpolated':
      return interpolatedFrame(storage, tag, query.from, query.to, query.intervalMs);
    case 'aggregate':
    case 'plot': {
      const width = query.kind === 'aggregate' ? query.intervalMs : Math.max(1, Math.ceil((query.to - query.from) / Math.floor(query.pixels / 2)));
      const buckets = Math.ceil((query.to - query.from) / width);
      if (buckets > MAX_BUCKETS) return fail('bad-request', `${buckets} buckets of ${width} ms between from and to; at most ${MAX_BUCKETS}: use a longer intervalMs`, 'intervalMs');
      return bucketFrame(storage, tag, query.kind, query.from, query.to, width, now);
    }
  }
}

function rawFrame(storage: HistoryStorage, tag: QueryTag, from: number, to: number, limit: number): Result<FrameData> {
  const points = storage.readRaw(tag.id, from, to, limit + 1);
  if (points.length > limit) {
    return fail('bad-request', `raw range too large: more than ${limit} points for ${tag.path} between from and to; use a plot or aggregate query or a shorter range`, 'to');
  }
  const time: number[] = [];
  const value: Array<number | string | null> = [];
  const quality: Array<Quality | null> = [];
  const gap = (t: number) => (time.push(t), value.push(null), quality.push(null));
  const before = storage.pointBefore(tag.id, from);
  let prevT = before && from - before.t <= tag.gapMs ? before.t : undefined;
  if (prevT === undefined && (points[0]?.t ?? to) > from) gap(from);
  for (const p of points) {
    if (prevT !== undefined && p.t - prevT > tag.gapMs) gap(prevT + 1);
    time.push(p.t);
    value.push(p.v);
    quality.push(q(p.q));
    prevT = p.t;
  }
  if (prevT !== undefined && to - prevT > tag.gapMs) {
    const next = storage.pointAtOrAfter(tag.id, to);
    if (!next || next.t - prevT > tag.gapMs) gap(prevT + 1);
  }
  return ok({ tag: tag.path, kind: 'raw', source: 'raw', fields: { time, value, quality } });
}

function interpolatedFrame(storage: HistoryStorage, tag: QueryTag, from: number, to: number, intervalMs: number): Result<FrameData> {
  const steps = Math.ceil((to - from) / intervalMs);
  if (steps > MAX_BUCKETS) return fail('bad-request', `${steps} steps of ${intervalMs} ms between from and to; at most ${MAX_BUCKETS}: use a longer intervalMs`, 'intervalMs');
  const time: number[] = [];
  const value: Array<number | string | null> = [];
  const quality: Array<Quality | null> = [];
  // Points of the range, plus one either side, walked with the steps.
  const points: Point[] = [];
  const before = storage.pointBefore(tag.id, from);
  if (before) points.push(before);
  const inside = storage.readRaw(tag.id, from, to, MAX_RAW_AGGREGATE_POINTS + 1);
  if (inside.length > MAX_RAW_AGGREGATE_POINTS) return fail('bad-request', `too many points for ${tag.path} between from and to to interpolate; use an aggregate query`, 'to');
  points.push(...inside);
  const after = storage.pointAtOrAfter(tag.id, to);
  if (after) points.push(after);
  let i = 0;
  for (let t = from; t < to; t += intervalMs) {
    while (i + 1 < points.length && points[i + 1]!.t <= t) i++;
    const a = points[i];
    time.push(t);
    if (!a || a.t > t || t - a.t > tag.gapMs) {
      value.push(null);
      quality.push(null);
      continue;
    }
    const b = points[i + 1];
    let v = a.v;
    if (!tag.step && b && b.t - a.t <= tag.gapMs && typeof a.v === 'number' && typeof b.v === 'number' && a.q === b.q) {
      v = a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
    }
    value.push(v);
    quality.push(q(a.q));
  }
  return ok({ tag: tag.path, kind: 'interpolated', source: 'raw', fields: { time, value, quality } });
}

/** The coarsest rollup that divides the bucket width and its alignment; raw data otherwise. */
function sourceFor(kind: 'aggregate' | 'plot', from: number, width: number): RollupLevel | 'raw' {
  for (const level of ['hour', 'minute'] as const) {
    const ms = LEVEL_MS[level];
    // A plot only needs the shape, so any bucket of at least a rollup's width can use it.
    if (kind === 'plot' ? width >= 2 * ms : width % ms === 0 && from % ms === 0) return level;
  }
  return 'raw';
}

/** Aggregates of raw points over buckets of `width` from `from`: the same arithmetic as the rollups. */
export function aggregateRaw(storage: HistoryStorage, tag: QueryTag, from: number, to: number, width: number): Result<RollupRow[]> {
  const points = storage.readRaw(tag.id, from, to, MAX_RAW_AGGREGATE_POINTS + 1);
  if (points.length > MAX_RAW_AGGREGATE_POINTS) {
    return fail('bad-request', `more than ${MAX_RAW_AGGREGATE_POINTS} raw points for ${tag.path} in the range; use an intervalMs that is a multiple of a minute or an hour`, 'intervalMs');
  }
  const rows: RollupRow[] = [];
  const acc = new BucketAccumulator(width, from, tag.gapMs, (row) => {
    if (row.bucket >= from) rows.push(row);
  });
  const before = storage.pointBefore(tag.id, from);
  if (before) acc.add(before);
  for (const p of points) acc.add(p);
  // The value held at the end of the range counts up to the next stored point, as in the rollups.
  const after = storage.pointAtOrAfter(tag.id, to);
  if (after) acc.add(after);
  acc.finish();
  return ok(rows.filter((r) => r.bucket < to));
}

function bucketFrame(storage: HistoryStorage, tag: QueryTag, kind: 'aggregate' | 'plot', from: number, to: number, width: number, now: number): Result<FrameData> {
  const source = sourceFor(kind, from, width);
  let rows: RollupRow[];
  if (source === 'raw') {
    const computed = aggregateRaw(storage, tag, from, to, width);
    if (!computed.ok) return computed;
    rows = computed.value;
  } else {
    rows = combine(storage.readRollups(source, tag.id, from - (from % LEVEL_MS[source]), to), from, width);
  }
  const buckets = Math.ceil((to - from) / width);
  const byIndex = new Map(rows.map((r) => [Math.floor((r.bucket - from) / width), r]));
  addLiveTail(storage, tag, byIndex, from, Math.min(to, now), width);
  const time: number[] = [];
  const first: Array<number | null> = [];
  const last: Array<number | null> = [];
  const min: Array<number | null> = [];
  const max: Array<number | null> = [];
  const avg: Array<number | null> = [];
  const count: number[] = [];
  const quality: Array<Quality | null> = [];
  for (let i = 0; i < buckets; i++) {
    const r = byIndex.get(i) ?? emptyRow(from + i * width);
    time.push(from + i * width);
    first.push(r.first);
    last.push(r.last);
    min.push(r.min);
    max.push(r.max);
    avg.push(r.goodMs > 0 ? r.sumTw / r.goodMs : null);
    count.push(r.count);
    quality.push(bucketQuality(kind, r));
  }
  const fields = kind === 'aggregate' ? { time, first, last, min, max, avg, count, quality } : { time, first, min, max, last, quality };
  return ok({ tag: tag.path, kind, source, bucketMs: width, fields });
}

/**
 * No good coverage and no sample: a gap. Otherwise the worst quality in the bucket (Good when the value
 * only carried over). Except in a plot, where a bucket that has good values beside a bad stretch is
 * UncertainSubNormal (OPC UA Part 13's status for an aggregate of fewer good values than its interval):
 * calling it bad blanks its drawable values, so at coarse resolution one bad sample (the "not connected"
 * of a start-up) hid a healthy tag's whole line and the 7 d trend showed COMM. Aggregates keep the worst
 * quality: reports say what the worst was.
 */
function bucketQuality(kind: 'aggregate' | 'plot', r: RollupRow): Quality | null {
  if (r.worstQ === null) return r.goodMs > 0 ? 'Good' : null;
  if (kind === 'plot' && severityOfCode(r.worstQ) === 'bad' && r.first !== null) return 'UncertainSubNormal';
  return q(r.worstQ);
}

/**
 * The newest stored value holds until the next one arrives; rollups and raw aggregation only count it up
 * to a next point. At the live edge there is none yet, so its time up to `end` (at most the gap time) is
 * added here: a state that last changed an hour ago is drawn up to now, not as a gap.
 */
function addLiveTail(storage: HistoryStorage, tag: QueryTag, byIndex: Map<number, RollupRow>, from: number, end: number, width: number): void {
  const last = storage.pointBefore(tag.id, end);
  if (!last || end - last.t > tag.gapMs || storage.pointAtOrAfter(tag.id, last.t + 1)) return;
  const good = isGoodPoint(last);
  for (let t = Math.max(last.t, from); t < end;) {
    const i = Math.floor((t - from) / width);
    const bucketEnd = Math.min(from + (i + 1) * width, end);
    let row = byIndex.get(i);
    if (!row) byIndex.set(i, (row = emptyRow(from + i * width)));
    if (good) {
      row.goodMs += bucketEnd - t;
      row.sumTw += (last.v as number) * (bucketEnd - t);
      touch(row, last.v as number);
    }
    row.worstQ = worseQuality(row.worstQ, last.q);
    t = bucketEnd;
  }
}

/** Rollup rows merged into buckets of `width` from `from`. */
function combine(rows: RollupRow[], from: number, width: number): RollupRow[] {
  const out: RollupRow[] = [];
  let cur: RollupRow | undefined;
  for (const r of rows) {
    const bucket = from + Math.floor((r.bucket - from) / width) * width;
    if (bucket < from) continue;
    if (!cur || cur.bucket !== bucket) out.push((cur = emptyRow(bucket)));
    if (cur.first === null) cur.first = r.first;
    if (r.last !== null) cur.last = r.last;
    if (r.min !== null && (cur.min === null || r.min < cur.min)) cur.min = r.min;
    if (r.max !== null && (cur.max === null || r.max > cur.max)) cur.max = r.max;
    cur.count += r.count;
    cur.sumTw += r.sumTw;
    cur.goodMs += r.goodMs;
    cur.nBad += r.nBad;
    if (r.worstQ !== null) cur.worstQ = worseQuality(cur.worstQ, r.worstQ);
  }
  return out;
}
