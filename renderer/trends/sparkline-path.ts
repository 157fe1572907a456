import { badStretches, type Samples } from './samples.ts';

export interface SparklineGeometry {
  /** SVG path data: one subpath per unbroken stretch (gaps and bad values break it). */
  readonly line: string;
  /** Bad stretches as x ranges. */
  readonly bad: { x: number; width: number }[];
}

/** Samples over [from, to] drawn into width × height, y over [min, max] (data range when not given). */
export function sparklineGeometry(samples: Samples, from: number, to: number, width: number, height: number, range?: { min: number; max: number }): SparklineGeometry {
  const values = samples.value.filter((v, i): v is number => v !== null && samples.time[i]! >= from);
  let min = range?.min ?? Math.min(...values);
  let max = range?.max ?? Math.max(...values);
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { line: '', bad: [] };
  if (max - min < 1e-9) {
    min -= 1;
    max += 1;
  }
  const x = (t: number) => ((Math.min(Math.max(t, from), to) - from) / (to - from)) * width;
  const y = (v: number) => height - 1 - ((Math.min(Math.max(v, min), max) - min) / (max - min)) * (height - 2);
  let line = '';
  let pen = false;
  samples.time.forEach((t, i) => {
    const v = samples.value[i] ?? null;
    if (v === null || t < from) {
      pen = false;
      return;
    }
    line += `${pen ? 'L' : 'M'}${x(t).toFixed(1)} ${y(v).toFixed(1)}`;
    pen = true;
  });
  const bad = badStretches(samples, to)
    .filter(([a, b]) => b > from && a < to)
    .map(([a, b]) => ({ x: x(a), width: Math.max(1, x(b) - x(a)) }));
  return { line, bad };
}
