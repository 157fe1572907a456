/**
 * Run rules on a control chart's points: Nelson's eight (L. S. Nelson, "The Shewhart Control Chart —
 * Tests for Special Causes", Journal of Quality Technology 16(4), 1984) and the Western Electric four
 * (Statistical Quality Control Handbook, 1956; NIST/SEMATECH e-Handbook §6.3.2). Zones are in σ of
 * the plotted statistic: (UCL − centre) / 3. A violation names the rule, the point where it became
 * true (`index`) and the first point of the pattern (`from`); a pattern that goes on is flagged at
 * each further point, as charting programs mark them.
 */

export const RULE_IDS = ['nelson1', 'nelson2', 'nelson3', 'nelson4', 'nelson5', 'nelson6', 'nelson7', 'nelson8', 'we1', 'we2', 'we3', 'we4'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleViolation {
  rule: RuleId;
  index: number;
  from: number;
}

/** What each rule looks for, in plain words (the alarm's message). */
export const RULE_TEXT: Record<RuleId, string> = {
  nelson1: 'one point beyond 3σ',
  nelson2: 'nine points in a row on one side of the centre line',
  nelson3: 'six points in a row steadily increasing or decreasing',
  nelson4: 'fourteen points in a row alternating up and down',
  nelson5: 'two of three points beyond 2σ on one side',
  nelson6: 'four of five points beyond 1σ on one side',
  nelson7: 'fifteen points in a row within 1σ',
  nelson8: 'eight points in a row beyond 1σ, either side',
  we1: 'one point beyond 3σ',
  we2: 'two of three points beyond 2σ on one side',
  we3: 'four of five points beyond 1σ on one side',
  we4: 'eight points in a row on one side of the centre line',
};

export const NELSON: readonly RuleId[] = ['nelson1', 'nelson2', 'nelson3', 'nelson4', 'nelson5', 'nelson6', 'nelson7', 'nelson8'];
export const WESTERN_ELECTRIC: readonly RuleId[] = ['we1', 'we2', 'we3', 'we4'];

/** Points in a row for which `test` holds, ending at each index. */
function runs(n: number, test: (i: number) => boolean): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = test(i) ? (i > 0 ? out[i - 1]! : 0) + 1 : 0;
  return out;
}

/** At each index: how many of the last `window` points pass `test` (fewer at the start). */
function counts(n: number, window: number, test: (i: number) => boolean): Int32Array {
  const out = new Int32Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (test(i)) c++;
    if (i >= window && test(i - window)) c--;
    out[i] = c;
  }
  return out;
}

export function checkRules(points: ArrayLike<number>, center: number, sigma: number, rules: readonly RuleId[] = NELSON): RuleViolation[] {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`σ must be a positive number, not ${sigma}`);
  const n = points.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (points[i]! - center) / sigma;
  const out: RuleViolation[] = [];
  const wanted = new Set(rules);
  const run = (rule: RuleId, length: number, r: Int32Array, offset = 0) => {
    if (!wanted.has(rule)) return;
    for (let i = 0; i < n; i++) if (r[i]! >= length - offset) out.push({ rule, index: i, from: i - length + 1 });
  };
  const beyond = (rule: RuleId, limit: number) => {
    if (!wanted.has(rule)) return;
    for (let i = 0; i < n; i++) if (Math.abs(z[i]!) > limit) out.push({ rule, index: i, from: i });
  };
  /** `need` of the last `window` beyond `limit` on one side, the point itself among them. */
  const ofWindow = (rule: RuleId, need: number, window: number, limit: number) => {
    if (!wanted.has(rule)) return;
    const up = counts(n, window, (i) => z[i]! > limit);
    const down = counts(n, window, (i) => z[i]! < -limit);
    for (let i = 0; i < n; i++) {
      if ((z[i]! > limit && up[i]! >= need) || (z[i]! < -limit && down[i]! >= need)) out.push({ rule, index: i, from: Math.max(0, i - window + 1) });
    }
  };
  const above = runs(n, (i) => z[i]! > 0);
  const below = runs(n, (i) => z[i]! < 0);
  const side = new Int32Array(n);
  for (let i = 0; i < n; i++) side[i] = Math.max(above[i]!, below[i]!);
  // Trends and alternation count steps between points: k points make k − 1 steps.
  const rising = runs(n, (i) => i > 0 && points[i]! > points[i - 1]!);
  const falling = runs(n, (i) => i > 0 && points[i]! < points[i - 1]!);
  const trend = new Int32Array(n);
  for (let i = 0; i < n; i++) trend[i] = Math.max(rising[i]!, falling[i]!);
  const alternating = runs(n, (i) => i > 1 && (points[i]! - points[i - 1]!) * (points[i - 1]! - points[i - 2]!) < 0);

  beyond('nelson1', 3);
  run('nelson2', 9, side);
  run('nelson3', 6, trend, 1);
  run('nelson4', 14, alternating, 2);
  ofWindow('nelson5', 2, 3, 2);
  ofWindow('nelson6', 4, 5, 1);
  run(
    'nelson7',
    15,
    runs(n, (i) => Math.abs(z[i]!) < 1),
  );
  run(
    'nelson8',
    8,
    runs(n, (i) => Math.abs(z[i]!) > 1),
  );
  beyond('we1', 3);
  ofWindow('we2', 2, 3, 2);
  ofWindow('we3', 4, 5, 1);
  run('we4', 8, side);
  return out.sort((a, b) => a.index - b.index || RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule));
}
