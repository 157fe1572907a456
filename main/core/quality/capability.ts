/**
 * Process capability (Montgomery ch. 8; NIST/SEMATECH e-Handbook §6.1.6): Cp and Cpk from σ within
 * subgroups (short term, from the chart: R̄/d2, s̄/c4 or MR̄/1.128), Pp and Ppk from the overall
 * standard deviation of every sample (long term). With one specification limit only Cpk/Ppk exist
 * (the one side); Cp and Pp need both.
 */
export interface Spec {
  lsl?: number;
  usl?: number;
}

export interface Capability {
  cp?: number;
  cpk?: number;
  pp?: number;
  ppk?: number;
}

export function capabilityOf(stats: { mean: number; sigmaWithin: number; sigmaOverall: number }, spec: Spec): Capability {
  if (spec.lsl === undefined && spec.usl === undefined) throw new RangeError('capability needs a lower or an upper specification limit');
  if (spec.lsl !== undefined && spec.usl !== undefined && !(spec.usl > spec.lsl)) throw new RangeError(`the upper specification limit (${spec.usl}) must be above the lower (${spec.lsl})`);
  const out: Capability = {};
  const one = (sigma: number) => {
    const sides: number[] = [];
    if (spec.usl !== undefined) sides.push((spec.usl - stats.mean) / (3 * sigma));
    if (spec.lsl !== undefined) sides.push((stats.mean - spec.lsl) / (3 * sigma));
    return Math.min(...sides);
  };
  if (stats.sigmaWithin > 0) {
    if (spec.lsl !== undefined && spec.usl !== undefined) out.cp = (spec.usl - spec.lsl) / (6 * stats.sigmaWithin);
    out.cpk = one(stats.sigmaWithin);
  }
  if (stats.sigmaOverall > 0) {
    if (spec.lsl !== undefined && spec.usl !== undefined) out.pp = (spec.usl - spec.lsl) / (6 * stats.sigmaOverall);
    out.ppk = one(stats.sigmaOverall);
  }
  return out;
}

/** Mean and sample standard deviation (n − 1) of every value, in one pass (Welford). */
export function overall(values: ArrayLike<number>): { mean: number; sd: number; count: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    mean += d / (i + 1);
    m2 += d * (values[i]! - mean);
  }
  return { mean, sd: values.length > 1 ? Math.sqrt(m2 / (values.length - 1)) : 0, count: values.length };
}
