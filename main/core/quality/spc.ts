import { factors } from './spc-constants.ts';

/**
 * Shewhart control charts (issue 20, item 3): X̄-R, X̄-S and individuals/moving range, with limits
 * from a baseline window (Phase I) applied to every point; the formulas of Montgomery, Introduction
 * to Statistical Quality Control, ch. 6, and NIST/SEMATECH e-Handbook §6.3.2. Pure functions over
 * typed arrays: a chart of 100,000 samples is a few passes over them (`npm run bench -- quality`).
 */

export interface Limits {
  center: number;
  ucl: number;
  lcl: number;
}

export type SubgroupChartKind = 'xbar-r' | 'xbar-s';

export interface SubgroupChart {
  kind: SubgroupChartKind;
  /** Samples per subgroup. */
  n: number;
  /** Subgroup means and ranges (X̄-R) or standard deviations (X̄-S), one per subgroup. */
  means: Float64Array;
  spreads: Float64Array;
  /** The subgroups [from, to) the limits were computed from. */
  baseline: { from: number; to: number };
  xbar: Limits;
  spread: Limits;
  /** σ within subgroups: R̄/d2 or s̄/c4. */
  sigma: number;
}

export interface IndividualsChart {
  values: Float64Array;
  /** |xᵢ − xᵢ₋₁|; the first is NaN (no moving range). */
  movingRanges: Float64Array;
  baseline: { from: number; to: number };
  individuals: Limits;
  movingRange: Limits;
  /** σ from the mean moving range: MR̄/1.128. */
  sigma: number;
}

function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw new RangeError(`${what}[${i}] is not a finite number`);
}

function window(count: number, baseline: { from: number; to: number } | undefined, min: number, what: string): { from: number; to: number } {
  const from = baseline?.from ?? 0;
  const to = baseline?.to ?? count;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > count || to - from < min) throw new RangeError(`the baseline needs at least ${min} ${what} inside the ${count} there are (asked for ${from}…${to})`);
  return { from, to };
}

/** X̄-R limits from the grand mean and mean range of a baseline (Montgomery eq. 6.4, 6.5). */
export function xbarRLimits(grandMean: number, meanRange: number, n: number): { xbar: Limits; spread: Limits; sigma: number } {
  const f = factors(n);
  return {
    xbar: { center: grandMean, ucl: grandMean + f.a2 * meanRange, lcl: grandMean - f.a2 * meanRange },
    spread: { center: meanRange, ucl: f.d4 * meanRange, lcl: f.d3 * meanRange },
    sigma: meanRange / f.d2,
  };
}

/** X̄-S limits from the grand mean and mean standard deviation of a baseline (Montgomery eq. 6.27, 6.28). */
export function xbarSLimits(grandMean: number, meanSd: number, n: number): { xbar: Limits; spread: Limits; sigma: number } {
  const f = factors(n);
  return {
    xbar: { center: grandMean, ucl: grandMean + f.a3 * meanSd, lcl: grandMean - f.a3 * meanSd },
    spread: { center: meanSd, ucl: f.b4 * meanSd, lcl: f.b3 * meanSd },
    sigma: meanSd / f.c4,
  };
}

/**
 * An X̄-R or X̄-S chart of `values` taken in subgroups of `n` consecutive samples (a trailing
 * incomplete subgroup is left out); limits from the subgroups in `baseline` (default: all).
 */
export function subgroupChart(values: ArrayLike<number>, n: number, kind: SubgroupChartKind, baseline?: { from: number; to: number }): SubgroupChart {
  factors(n);
  checkFinite(values, 'values');
  const k = Math.floor(values.length / n);
  const means = new Float64Array(k);
  const spreads = new Float64Array(k);
  for (let g = 0, i = 0; g < k; g++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const start = i;
    for (let j = 0; j < n; j++, i++) {
      const v = values[i]!;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = sum / n;
    means[g] = mean;
    if (kind === 'xbar-r') spreads[g] = max - min;
    else {
      let ss = 0;
      for (let j = start; j < start + n; j++) ss += (values[j]! - mean) ** 2;
      spreads[g] = Math.sqrt(ss / (n - 1));
    }
  }
  const base = window(k, baseline, 2, 'subgroups');
  let grand = 0;
  let spread = 0;
  for (let g = base.from; g < base.to; g++) {
    grand += means[g]!;
    spread += spreads[g]!;
  }
  const size = base.to - base.from;
  const limits = kind === 'xbar-r' ? xbarRLimits(grand / size, spread / size, n) : xbarSLimits(grand / size, spread / size, n);
  return { kind, n, means, spreads, baseline: base, ...limits };
}

/** Individuals and moving range (span 2) limits from the mean and mean moving range (NIST/SEMATECH §6.3.2.2). */
export function individualsLimits(mean: number, meanMovingRange: number): { individuals: Limits; movingRange: Limits; sigma: number } {
  const f = factors(2);
  const sigma = meanMovingRange / f.d2;
  return {
    individuals: { center: mean, ucl: mean + 3 * sigma, lcl: mean - 3 * sigma },
    movingRange: { center: meanMovingRange, ucl: f.d4 * meanMovingRange, lcl: 0 },
    sigma,
  };
}

export function individualsChart(values: ArrayLike<number>, baseline?: { from: number; to: number }): IndividualsChart {
  checkFinite(values, 'values');
  const x = Float64Array.from(values);
  const mr = new Float64Array(x.length);
  if (x.length > 0) mr[0] = NaN;
  for (let i = 1; i < x.length; i++) mr[i] = Math.abs(x[i]! - x[i - 1]!);
  const base = window(x.length, baseline, 2, 'values');
  let sum = 0;
  let mrSum = 0;
  for (let i = base.from; i < base.to; i++) {
    sum += x[i]!;
    if (i > base.from) mrSum += mr[i]!;
  }
  return { values: x, movingRanges: mr, baseline: base, ...individualsLimits(sum / (base.to - base.from), mrSum / (base.to - base.from - 1)) };
}
