import { describe, expect, it } from 'vitest';
import { capabilityOf, overall } from '../../main/core/quality/capability.ts';
import { checkRules, NELSON, WESTERN_ELECTRIC, type RuleId } from '../../main/core/quality/spc-rules.ts';
import { A2, A3, C4, D2, factors } from '../../main/core/quality/spc-constants.ts';
import { individualsChart, individualsLimits, subgroupChart, xbarRLimits, xbarSLimits } from '../../main/core/quality/spc.ts';

describe('control chart factors', () => {
  it('c4 from its definition √(2/(n−1))·Γ(n/2)/Γ((n−1)/2), and A2 = 3/(d2√n), A3 = 3/(c4√n), for every n', () => {
    // Γ at whole and half numbers by Γ(x+1) = xΓ(x), from Γ(1) = 1 and Γ(1/2) = √π.
    const gamma = (x: number): number => (x === 1 ? 1 : x === 0.5 ? Math.sqrt(Math.PI) : (x - 1) * gamma(x - 1));
    for (let n = 2; n <= 25; n++) {
      const c4 = Math.sqrt(2 / (n - 1)) * (gamma(n / 2) / gamma((n - 1) / 2));
      expect(C4[n - 2]).toBeCloseTo(c4, 4);
      expect(A2[n - 2]).toBeCloseTo(3 / (D2[n - 2]! * Math.sqrt(n)), 2);
      expect(A3[n - 2]).toBeCloseTo(3 / (C4[n - 2]! * Math.sqrt(n)), 2);
    }
  });

  it('refuses a subgroup size outside 2…25, naming it', () => {
    expect(() => factors(1)).toThrow('a subgroup has 2 to 25 samples, not 1');
    expect(() => factors(26)).toThrow('a subgroup has 2 to 25 samples, not 26');
  });
});

describe('X̄-R and X̄-S limits: Montgomery, Introduction to Statistical Quality Control (6th ed.), piston-ring inside diameter', () => {
  it('Example 6.1 (Table 6.3, 25 subgroups of 5): x̿ = 74.001, R̄ = 0.023 → X̄ 73.988…74.014, R 0…0.049', () => {
    const l = xbarRLimits(74.001, 0.023, 5);
    expect(l.xbar.ucl).toBeCloseTo(74.014, 3);
    expect(l.xbar.lcl).toBeCloseTo(73.988, 3);
    expect(l.spread.ucl).toBeCloseTo(0.049, 3);
    expect(l.spread.lcl).toBe(0);
    // §6.2.1 estimates σ̂ = R̄/d2 = 0.023/2.326 = 0.0099 from these limits.
    expect(l.sigma).toBeCloseTo(0.0099, 4);
  });

  it('Example 6.3 (the same data, X̄-S): x̿ = 74.001, s̄ = 0.0094 → X̄ 73.988…74.014, S 0…0.0196', () => {
    const l = xbarSLimits(74.001, 0.0094, 5);
    expect(l.xbar.ucl).toBeCloseTo(74.014, 3);
    expect(l.xbar.lcl).toBeCloseTo(73.988, 3);
    expect(l.spread.ucl).toBeCloseTo(0.0196, 4);
    expect(l.spread.lcl).toBe(0);
  });

  it('capability, Montgomery §6.2.1: LSL 73.95, USL 74.05, σ̂ = 0.0099 → PCR (Cp) = 1.68', () => {
    expect(capabilityOf({ mean: 74.001, sigmaWithin: 0.0099, sigmaOverall: 0.0099 }, { lsl: 73.95, usl: 74.05 }).cp).toBeCloseTo(1.68, 2);
  });
});

describe('charts from samples', () => {
  // Three subgroups of 4 worked by hand: means 2.5, 6.5, 4; ranges 3, 3, 6; s 1.291, 1.291, 2.582.
  const samples = [1, 2, 3, 4, 5, 6, 7, 8, 1, 3, 5, 7];

  it('X̄-R: subgroup means and ranges, limits from the baseline mean and mean range', () => {
    const c = subgroupChart(samples, 4, 'xbar-r');
    expect([...c.means]).toEqual([2.5, 6.5, 4]);
    expect([...c.spreads]).toEqual([3, 3, 6]);
    expect(c.xbar.center).toBeCloseTo(13 / 3, 12);
    expect(c.xbar.ucl).toBeCloseTo(13 / 3 + 0.729 * 4, 12);
    expect(c.spread).toEqual({ center: 4, ucl: 2.282 * 4, lcl: 0 });
    expect(c.sigma).toBeCloseTo(4 / 2.059, 12);
  });

  it('X̄-S: subgroup standard deviations (n − 1)', () => {
    const c = subgroupChart(samples, 4, 'xbar-s');
    expect(c.spreads[0]).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(c.spreads[2]).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(c.sigma).toBeCloseTo((2 * Math.sqrt(5 / 3) + Math.sqrt(20 / 3)) / 3 / 0.9213, 12);
  });

  it('limits come from the baseline window only, and apply to every subgroup', () => {
    const c = subgroupChart(samples, 4, 'xbar-r', { from: 0, to: 2 });
    expect(c.xbar.center).toBe(4.5);
    expect(c.spread.center).toBe(3);
    expect(c.means).toHaveLength(3);
    expect(() => subgroupChart(samples, 4, 'xbar-r', { from: 2, to: 3 })).toThrow('the baseline needs at least 2 subgroups inside the 3 there are (asked for 2…3)');
    expect(() => subgroupChart([1, 2, Number.NaN, 4], 2, 'xbar-r')).toThrow('values[2] is not a finite number');
  });

  it('I-MR (NIST/SEMATECH §6.3.2.2: σ̂ = MR̄/1.128, MR UCL = 3.267·MR̄): 2,4,6,4,2,4,6,4 → centre 4, MR̄ 2, UCL 9.319, LCL −1.319', () => {
    const c = individualsChart([2, 4, 6, 4, 2, 4, 6, 4]);
    expect(c.individuals.center).toBe(4);
    expect(c.movingRange.center).toBe(2);
    expect(c.sigma).toBeCloseTo(1.773, 3);
    expect(c.individuals.ucl).toBeCloseTo(9.319, 3);
    expect(c.individuals.lcl).toBeCloseTo(-1.319, 3);
    expect(c.movingRange.ucl).toBeCloseTo(6.534, 3);
    expect(Number.isNaN(c.movingRanges[0])).toBe(true);
    expect(individualsLimits(10, 1.128).individuals).toEqual({ center: 10, ucl: 13, lcl: 7 });
  });
});

describe('capability', () => {
  it('NIST/SEMATECH §6.1.6 example: USL 20, LSL 8, μ 16, σ 2 → Cp 1.0, Cpk 0.6667 (CPU 0.6667, CPL 1.3333)', () => {
    const c = capabilityOf({ mean: 16, sigmaWithin: 2, sigmaOverall: 2 }, { lsl: 8, usl: 20 });
    expect(c.cp).toBeCloseTo(1, 10);
    expect(c.cpk).toBeCloseTo(0.6667, 4);
  });

  it('Pp/Ppk from the overall σ; a one-sided specification has only Cpk and Ppk', () => {
    const c = capabilityOf({ mean: 16, sigmaWithin: 2, sigmaOverall: 4 }, { lsl: 8, usl: 20 });
    expect(c.pp).toBeCloseTo(0.5, 10);
    expect(c.ppk).toBeCloseTo(1 / 3, 10);
    expect(capabilityOf({ mean: 16, sigmaWithin: 2, sigmaOverall: 4 }, { usl: 20 })).toEqual({ cpk: 4 / 6, ppk: 4 / 12 });
    expect(() => capabilityOf({ mean: 1, sigmaWithin: 1, sigmaOverall: 1 }, {})).toThrow('capability needs a lower or an upper specification limit');
    expect(() => capabilityOf({ mean: 1, sigmaWithin: 1, sigmaOverall: 1 }, { lsl: 2, usl: 1 })).toThrow('the upper specification limit (1) must be above the lower (2)');
  });

  it('overall mean and sample standard deviation', () => {
    expect(overall([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: Math.sqrt(32 / 7), count: 8 });
  });
});

describe('run rules (Nelson 1984; Western Electric 1956), centre 0, σ 1', () => {
  const hits = (points: number[], rules: readonly RuleId[]) => checkRules(points, 0, 1, rules).map((v) => `${v.rule}@${v.index}`);
  const quiet = [0.5, -0.5];
  const calm = (n: number) => Array.from({ length: n }, (_, i) => quiet[i % 2]!);

  it('1: one point beyond 3σ (3.0 itself is not beyond)', () => {
    expect(hits([0, 3, 3.01, -3.2], ['nelson1', 'we1'])).toEqual(['nelson1@2', 'we1@2', 'nelson1@3', 'we1@3']);
  });

  it('2: nine in a row on one side (Nelson); eight (Western Electric 4)', () => {
    const eight = [...calm(2), ...Array<number>(8).fill(0.3)];
    expect(hits(eight, ['nelson2', 'we4'])).toEqual(['we4@9']);
    expect(hits([...eight, 0.2], ['nelson2'])).toEqual(['nelson2@10']);
    expect(hits([...Array<number>(8).fill(0.3), 0, 0.3], ['nelson2', 'we4'])).toEqual(['we4@7']);
  });

  it('3: six in a row steadily increasing or decreasing', () => {
    expect(hits([0, 0.1, 0.2, 0.3, 0.4], ['nelson3'])).toEqual([]);
    expect(hits([0, 0.1, 0.2, 0.3, 0.4, 0.5], ['nelson3'])).toEqual(['nelson3@5']);
    expect(hits([0.5, 0.4, 0.3, 0.3, 0.2, 0.1, 0], ['nelson3'])).toEqual([]);
    expect(checkRules([0.5, 0.4, 0.3, 0.2, 0.1, 0], 0, 1, ['nelson3'])).toEqual([{ rule: 'nelson3', index: 5, from: 0 }]);
  });

  it('4: fourteen in a row alternating up and down', () => {
    const saw = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 0.2 : -0.2));
    expect(hits(saw.slice(0, 13), ['nelson4'])).toEqual([]);
    expect(checkRules(saw, 0, 1, ['nelson4'])).toEqual([{ rule: 'nelson4', index: 13, from: 0 }]);
  });

  it('5: two of three beyond 2σ on the same side; not on opposite sides', () => {
    expect(hits([2.5, 0, 2.1], ['nelson5', 'we2'])).toEqual(['nelson5@2', 'we2@2']);
    expect(hits([2.5, 0, -2.1], ['nelson5'])).toEqual([]);
    expect(hits([2.5, 0, 0, 2.1], ['nelson5'])).toEqual([]);
  });

  it('6: four of five beyond 1σ on the same side', () => {
    expect(hits([1.5, 1.2, 0, 1.1, 1.3], ['nelson6', 'we3'])).toEqual(['nelson6@4', 'we3@4']);
    expect(hits([1.5, 1.2, 0, 1.1, -1.3], ['nelson6'])).toEqual([]);
  });

  it('7: fifteen in a row within 1σ (stratification)', () => {
    expect(hits(calm(14), ['nelson7'])).toEqual([]);
    expect(hits(calm(15), ['nelson7'])).toEqual(['nelson7@14']);
  });

  it('8: eight in a row beyond 1σ on either side (mixture)', () => {
    const mixture = [1.5, -1.5, 1.2, -1.2, 1.5, -1.5, 1.2, -1.2];
    expect(hits(mixture.slice(0, 7), ['nelson8'])).toEqual([]);
    expect(hits(mixture, ['nelson8'])).toEqual(['nelson8@7']);
  });

  it('the default is Nelson’s eight; a calm chart breaks none; σ must be positive', () => {
    expect(NELSON).toHaveLength(8);
    expect(WESTERN_ELECTRIC).toHaveLength(4);
    expect(checkRules([0.5, -0.3, 0.8, -1.2, 0.1, 0.4, -0.6, 1.1, -0.2, 0.3], 0, 1)).toEqual([]);
    expect(() => checkRules([1], 0, 0)).toThrow('σ must be a positive number, not 0');
  });
});
