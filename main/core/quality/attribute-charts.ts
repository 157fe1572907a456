/**
 * Attribute control charts (Montgomery, Introduction to Statistical Quality Control, ch. 7;
 * NIST/SEMATECH e-Handbook §6.3.3): p (fraction nonconforming, sample sizes may differ), np (number
 * nonconforming, one sample size), c (defects per sample) and u (defects per unit, sizes may
 * differ). The centre comes from a baseline window (Phase I) and applies to every point; limits are
 * three standard deviations of the binomial (p, np) or Poisson (c, u) model, per point where the
 * sample size varies, and never below zero.
 */

export type AttributeChartKind = 'p' | 'np' | 'c' | 'u';

export interface AttributeChart {
  kind: AttributeChartKind;
  /** The plotted statistic per sample: fraction, count, defects, or defects per unit. */
  points: Float64Array;
  center: number;
  /** Limits per point (constant for np and c). */
  ucl: Float64Array;
  lcl: Float64Array;
  baseline: { from: number; to: number };
}

function check(values: ArrayLike<number>, what: string, positive: boolean): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || v < 0 || (positive && v === 0)) throw new RangeError(`${what}[${i}] must be a ${positive ? 'positive' : 'non-negative'} number, not ${v}`);
  }
}

function window(count: number, baseline: { from: number; to: number } | undefined): { from: number; to: number } {
  const from = baseline?.from ?? 0;
  const to = baseline?.to ?? count;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > count || to - from < 2) throw new RangeError(`the baseline needs at least 2 samples inside the ${count} there are (asked for ${from}…${to})`);
  return { from, to };
}

function sum(values: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s;
}

/** p chart: `nonconforming[i]` of `sizes[i]` units; p̄ = Σd / Σn over the baseline, limits p̄ ± 3√(p̄(1 − p̄)/nᵢ). */
export function pChart(nonconforming: ArrayLike<number>, sizes: ArrayLike<number>, baseline?: { from: number; to: number }): AttributeChart {
  if (nonconforming.length !== sizes.length) throw new RangeError(`${nonconforming.length} counts but ${sizes.length} sample sizes`);
  check(nonconforming, 'nonconforming', false);
  check(sizes, 'sizes', true);
  for (let i = 0; i < sizes.length; i++) if (nonconforming[i]! > sizes[i]!) throw new RangeError(`sample ${i} has ${nonconforming[i]} nonconforming of ${sizes[i]} units`);
  const base = window(sizes.length, baseline);
  const p = sum(nonconforming, base.from, base.to) / sum(sizes, base.from, base.to);
  const n = sizes.length;
  const points = new Float64Array(n);
  const ucl = new Float64Array(n);
  const lcl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    points[i] = nonconforming[i]! / sizes[i]!;
    const s = 3 * Math.sqrt((p * (1 - p)) / sizes[i]!);
    ucl[i] = Math.min(1, p + s);
    lcl[i] = Math.max(0, p - s);
  }
  return { kind: 'p', points, center: p, ucl, lcl, baseline: base };
}

/** np chart: counts nonconforming in samples of one size n; centre np̄, limits np̄ ± 3√(np̄(1 − p̄)). */
export function npChart(nonconforming: ArrayLike<number>, size: number, baseline?: { from: number; to: number }): AttributeChart {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`the sample size must be a whole number of units, not ${size}`);
  const p = pChart(nonconforming, new Float64Array(nonconforming.length).fill(size), baseline);
  const center = size * p.center;
  const s = 3 * Math.sqrt(center * (1 - p.center));
  return { kind: 'np', points: p.points.map((x) => x * size), center, ucl: new Float64Array(p.points.length).fill(Math.min(size, center + s)), lcl: new Float64Array(p.points.length).fill(Math.max(0, center - s)), baseline: p.baseline };
}

/** c chart: defects per sample of one size; c̄ ± 3√c̄. */
export function cChart(defects: ArrayLike<number>, baseline?: { from: number; to: number }): AttributeChart {
  check(defects, 'defects', false);
  const base = window(defects.length, baseline);
  const c = sum(defects, base.from, base.to) / (base.to - base.from);
  const n = defects.length;
  return { kind: 'c', points: Float64Array.from(defects), center: c, ucl: new Float64Array(n).fill(c + 3 * Math.sqrt(c)), lcl: new Float64Array(n).fill(Math.max(0, c - 3 * Math.sqrt(c))), baseline: base };
}

/** u chart: `defects[i]` found on `units[i]` units; ū = Σc / Σn over the baseline, limits ū ± 3√(ū/nᵢ). */
export function uChart(defects: ArrayLike<number>, units: ArrayLike<number>, baseline?: { from: number; to: number }): AttributeChart {
  if (defects.length !== units.length) throw new RangeError(`${defects.length} counts but ${units.length} sample sizes`);
  check(defects, 'defects', false);
  check(units, 'units', true);
  const base = window(units.length, baseline);
  const u = sum(defects, base.from, base.to) / sum(units, base.from, base.to);
  const n = units.length;
  const points = new Float64Array(n);
  const ucl = new Float64Array(n);
  const lcl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    points[i] = defects[i]! / units[i]!;
    const s = 3 * Math.sqrt(u / units[i]!);
    ucl[i] = u + s;
    lcl[i] = Math.max(0, u - s);
  }
  return { kind: 'u', points, center: u, ucl, lcl, baseline: base };
}

/** Points outside their own limits (the attribute charts' rule 1: limits may differ per point). */
export function beyondLimits(chart: AttributeChart): number[] {
  const out: number[] = [];
  for (let i = 0; i < chart.points.length; i++) if (chart.points[i]! > chart.ucl[i]! || chart.points[i]! < chart.lcl[i]!) out.push(i);
  return out;
}
