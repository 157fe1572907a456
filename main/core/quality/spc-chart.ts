import type { Characteristic, InspectionResult, SpcChart, SpcChartKind } from '../../../common/inspection.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { beyondLimits, cChart, npChart, pChart, uChart, type AttributeChart } from './attribute-charts.ts';
import { capabilityOf, overall, type Spec } from './capability.ts';
import { checkRules, NELSON, RULE_TEXT, type RuleId } from './spc-rules.ts';
import { individualsChart, subgroupChart } from './spc.ts';

/** A stored result with the shift of the lot it was taken on. */
export type ChartSample = InspectionResult & { shift?: string };

/** Which chart a characteristic gets unless one is asked for. */
export function defaultChart(c: Characteristic): SpcChartKind {
  return c.kind === 'attribute' ? 'p' : c.sampleSize === 1 ? 'i-mr' : 'xbar-r';
}

/** Why `kind` does not fit the characteristic, if it does not. */
function unfit(c: Characteristic, kind: SpcChartKind): string | undefined {
  const variable = kind === 'xbar-r' || kind === 'xbar-s' || kind === 'i-mr';
  if (c.kind === 'attribute' && variable) return `${c.name} is pass/fail: it has no control chart of values (p, np, c or u)`;
  if (c.kind === 'variable' && !variable) return `${c.name} is measured: its charts are X̄-R, X̄-S or I-MR, not ${kind}`;
  if (kind === 'i-mr' && c.sampleSize !== 1) return `${c.name} takes ${c.sampleSize} values a sample: its charts are X̄-R or X̄-S`;
  if ((kind === 'xbar-r' || kind === 'xbar-s') && c.sampleSize < 2) return `${c.name} takes one value a sample: its chart is I-MR`;
  return undefined;
}

/** Units failing (or defects found) in an attribute sample: its count, else 0 for a pass and 1 for a fail. */
const failing = (r: InspectionResult) => r.count ?? (r.pass ? 0 : 1);

/**
 * The control chart of a characteristic's samples (oldest first): limits from the baseline window,
 * Nelson's rules on the chart of points, points beyond the limits of the spread chart, capability
 * overall and per lot and shift. Samples that do not fit the plan as it is now (another sample size)
 * are left out, so limits are never computed over a mixture.
 */
export function buildChart(product: string, c: Characteristic, samples: readonly ChartSample[], kind: SpcChartKind, baseline: { from: number; to: number }): Result<SpcChart> {
  const why = unfit(c, kind);
  if (why) return fail('bad-request', why, 'chart');
  const rows = c.kind === 'variable' ? samples.filter((r) => r.values.length === c.sampleSize) : samples.filter((r) => r.pass !== undefined);
  if (rows.length < 2) return fail('bad-request', `${c.name} has ${rows.length} sample(s); a chart needs at least 2`, 'characteristic');
  const to = Math.min(baseline.to, rows.length);
  const from = Math.min(baseline.from, Math.max(0, to - 2));
  if (to - from < 2) return fail('bad-request', `the baseline of ${c.name} has ${to - from} sample(s); its limits need at least 2`, 'baseline');
  const base = { from, to };
  const head = {
    product,
    characteristic: c.id,
    name: c.name,
    ...(c.unit ? { unit: c.unit } : {}),
    decimals: c.decimals,
    kind,
    spec: { ...(c.lsl !== undefined ? { lsl: c.lsl } : {}), ...(c.usl !== undefined ? { usl: c.usl } : {}), ...(c.nominal !== undefined ? { nominal: c.nominal } : {}) },
  };
  const stamp = (r: ChartSample) => ({ at: r.at, order: r.order, ...(r.lot ? { lot: r.lot } : {}), ...(r.shift ? { shift: r.shift } : {}) });
  if (c.kind === 'attribute') {
    const counts = rows.map(failing);
    const size = c.sampleSize;
    const chart: AttributeChart =
      kind === 'p'
        ? pChart(
            counts,
            rows.map(() => size),
            base,
          )
        : kind === 'np'
          ? npChart(counts, size, base)
          : kind === 'c'
            ? cChart(counts, base)
            : uChart(
                counts,
                rows.map(() => size),
                base,
              );
    const constant = chart.ucl.every((u) => u === chart.ucl[0]);
    const violations: SpcChart['violations'] = beyondLimits(chart).map((index) => ({ rule: 'nelson1', index, from: index, text: RULE_TEXT.nelson1, chart: 'center' }));
    // Runs on one side and trends need no σ, so they hold for attribute charts too (Montgomery §7.2.1).
    if (constant) violations.push(...runRules(chart.points, chart.center, ['nelson2', 'nelson3']));
    return ok({
      ...head,
      points: rows.map((r, i) => ({ ...stamp(r), value: chart.points[i]!, spread: null, ucl: chart.ucl[i]!, lcl: chart.lcl[i]! })),
      center: { center: chart.center, ucl: chart.ucl[0]!, lcl: chart.lcl[0]! },
      baseline: base,
      violations: violations.sort((a, b) => a.index - b.index),
      capability: {},
      groups: [],
    });
  }
  const values = rows.flatMap((r) => r.values);
  const individuals = kind === 'i-mr';
  const sub = individuals ? undefined : subgroupChart(values, c.sampleSize, kind === 'xbar-s' ? 'xbar-s' : 'xbar-r', base);
  const ind = individuals ? individualsChart(values, base) : undefined;
  const points = sub ? sub.means : ind!.values;
  const spreads = sub ? sub.spreads : ind!.movingRanges;
  const center = sub ? sub.xbar : ind!.individuals;
  const spread = sub ? sub.spread : ind!.movingRange;
  const sigma = sub ? sub.sigma : ind!.sigma;
  const sigmaPoint = (center.ucl - center.center) / 3;
  const violations = sigmaPoint > 0 ? runRules(points, center.center, NELSON, sigmaPoint) : [];
  for (let i = 0; i < spreads.length; i++) {
    const s = spreads[i]!;
    if (!Number.isNaN(s) && (s > spread.ucl || s < spread.lcl)) violations.push({ rule: 'nelson1', index: i, from: i, text: RULE_TEXT.nelson1, chart: 'spread' });
  }
  const spec: Spec = { ...(c.lsl !== undefined ? { lsl: c.lsl } : {}), ...(c.usl !== undefined ? { usl: c.usl } : {}) };
  const capable = spec.lsl !== undefined || spec.usl !== undefined;
  const capability = (vals: number[]) => {
    const all = overall(vals);
    return { mean: all.mean, capability: capable ? capabilityOf({ mean: all.mean, sigmaWithin: sigma, sigmaOverall: all.sd }, spec) : {} };
  };
  const whole = capability(values);
  const groups: SpcChart['groups'] = [];
  for (const by of ['lot', 'shift'] as const) {
    const of = new Map<string, number[]>();
    const count = new Map<string, number>();
    for (const r of rows) {
      const key = r[by];
      if (!key) continue;
      of.set(key, [...(of.get(key) ?? []), ...r.values]);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    for (const [key, vals] of of) groups.push({ by, key, samples: count.get(key)!, ...capability(vals) });
  }
  return ok({
    ...head,
    points: rows.map((r, i) => ({ ...stamp(r), value: points[i]!, spread: Number.isNaN(spreads[i]!) ? null : spreads[i]! })),
    center,
    spread,
    sigma,
    baseline: sub ? sub.baseline : ind!.baseline,
    violations: violations.sort((a, b) => a.index - b.index),
    capability: whole.capability,
    mean: whole.mean,
    groups,
  });
}

function runRules(points: ArrayLike<number>, center: number, rules: readonly RuleId[], sigma = 1): SpcChart['violations'] {
  return checkRules(points, center, sigma, rules).map((v) => ({ ...v, text: RULE_TEXT[v.rule], chart: 'center' as const }));
}
