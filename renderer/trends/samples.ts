import type { HistoryFrame } from '../../common/history.ts';
import type { Value } from '../../common/data-value.ts';
import { severityOf, type Quality } from '../../common/quality.ts';

/**
 * One pen's points as the chart draws them, columnar. `value` is null where nothing may be drawn: a gap
 * (`quality` null) or a bad value (the quality says which). Points are in time order.
 */
export interface Samples {
  readonly time: number[];
  readonly value: (number | null)[];
  readonly quality: (Quality | null)[];
}

export const emptySamples = (): Samples => ({ time: [], value: [], quality: [] });

/** A value the chart can plot: numbers as they are, booleans as 0/1, anything else nothing. */
export function plotValue(value: Value | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Only good and uncertain values are drawn; bad values and gaps never become a line. */
export function drawable(quality: Quality | null): boolean {
  return quality !== null && severityOf(quality) !== 'bad';
}

function push(out: Samples, time: number, value: number | null, quality: Quality | null): void {
  out.time.push(time);
  out.value.push(drawable(quality) ? value : null);
  out.quality.push(quality);
}

/**
 * A history frame as samples. Raw and interpolated frames map point by point. Plot frames carry
 * first/min/max/last per bucket: analog buckets become four points spread over the bucket (so spikes
 * survive), discrete ones first and last (drawn as steps).
 */
export function frameToSamples(frame: HistoryFrame, discrete: boolean): Samples {
  const out = emptySamples();
  const { time, quality } = frame.fields;
  if (frame.kind === 'raw' || frame.kind === 'interpolated') {
    const values = frame.fields.value ?? [];
    time.forEach((t, i) => push(out, t, plotValue(values[i]), quality[i] ?? null));
    return out;
  }
  const width = frame.bucketMs ?? (time.length > 1 ? time[1]! - time[0]! : 1);
  const { first = [], min = [], max = [], last = [] } = frame.fields;
  time.forEach((t, i) => {
    const q = quality[i] ?? null;
    const f = first[i] ?? null;
    const l = last[i] ?? null;
    if (discrete) {
      push(out, t, f, q);
      push(out, t + width / 2, l, q);
      return;
    }
    push(out, t, f, q);
    push(out, t + width / 4, min[i] ?? null, q);
    push(out, t + width / 2, max[i] ?? null, q);
    push(out, t + (3 * width) / 4, l, q);
  });
  return out;
}

/**
 * History up to where the live points start (or where it ends, if they start after it), then the live
 * points, then (while live) the last value held up to `holdUntil` so a steady value reaches "now"
 * instead of stopping at its last change. The live points win where both cover a time: they are every
 * change as it came, while a coarse history bucket spreads its first/min/max/last over the whole bucket
 * (past now, for the newest) with the bucket's worst quality, which the "latest" readout then showed.
 */
export function mergeSamples(history: Samples, historyEnd: number, live: Samples, holdUntil?: number): Samples {
  const cut = Math.min(historyEnd, live.time[0] ?? historyEnd);
  const out: Samples = emptySamples();
  for (let i = 0; i < history.time.length && history.time[i]! < cut; i++) {
    out.time.push(history.time[i]!);
    out.value.push(history.value[i]!);
    out.quality.push(history.quality[i]!);
  }
  for (let i = 0; i < live.time.length; i++) {
    out.time.push(live.time[i]!);
    out.value.push(live.value[i]!);
    out.quality.push(live.quality[i]!);
  }
  const n = out.time.length;
  if (holdUntil !== undefined && n > 0 && out.time[n - 1]! < holdUntil) {
    out.time.push(holdUntil);
    out.value.push(out.value[n - 1]!);
    out.quality.push(out.quality[n - 1]!);
  }
  return out;
}

/**
 * Where the pen's data is bad, as [start, end) stretches: from a bad point to the next point (or to
 * `end` for the last one). Adjacent bad points merge into one stretch.
 */
export function badStretches(samples: Samples, end: number): [number, number][] {
  return stretches(samples, end, (q) => q !== null && severityOf(q) === 'bad');
}

/** Where there is no data at all (not recorded, device silent): drawn as a faint area, not as a line. */
export function gapStretches(samples: Samples, end: number): [number, number][] {
  return stretches(samples, end, (q) => q === null);
}

function stretches(samples: Samples, end: number, matches: (quality: Quality | null) => boolean): [number, number][] {
  const stretches: [number, number][] = [];
  const { time, quality } = samples;
  for (let i = 0; i < time.length; i++) {
    if (!matches(quality[i] ?? null)) continue;
    const from = time[i]!;
    const to = time[i + 1] ?? Math.max(end, from);
    const previous = stretches[stretches.length - 1];
    if (previous && previous[1] >= from) previous[1] = Math.max(previous[1], to);
    else stretches.push([from, to]);
  }
  return stretches;
}

/** Series data for ECharts: [time, value] pairs; a null value breaks the line. */
export function seriesData(samples: Samples): [number, number | null][] {
  return samples.time.map((t, i) => [t, samples.value[i] ?? null]);
}

/** The point in effect at `t` (the last one at or before it), for the cursor readout. */
export function sampleAt(samples: Samples, t: number): { time: number; value: number | null; quality: Quality | null } | undefined {
  const { time } = samples;
  let lo = 0;
  let hi = time.length - 1;
  if (hi < 0 || time[0]! > t) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (time[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return { time: time[lo]!, value: samples.value[lo] ?? null, quality: samples.quality[lo] ?? null };
}
