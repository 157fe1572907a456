import { describe, expect, it } from 'vitest';
import { beyondLimits, cChart, npChart, pChart, uChart } from '../../main/core/quality/attribute-charts.ts';

/**
 * Attribute control charts against Montgomery, Introduction to Statistical Quality Control (6th ed.),
 * chapter 7: the worked examples' data, centre lines, limits and the points they find out of control.
 */

// Example 7.1, Table 7.1: frozen orange juice cans, 30 samples of 50, nonconforming cans per sample.
const CANS = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6];
// Example 7.3, Table 7.7: nonconformities in 26 samples of 100 printed circuit boards.
const BOARDS = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15];
// Example 7.4, Table 7.10: nonconformities in 20 samples of 5 personal computers.
const COMPUTERS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5];

describe('p and np charts (Example 7.1)', () => {
  it('p̄ = 347/1500 = 0.2313, UCL 0.4102, LCL 0.0524; samples 15 and 23 are above the UCL', () => {
    const p = pChart(
      CANS,
      CANS.map(() => 50),
    );
    expect(p.center).toBeCloseTo(0.2313, 4);
    expect(p.ucl[0]).toBeCloseTo(0.4102, 4);
    expect(p.lcl[0]).toBeCloseTo(0.0524, 4);
    expect(beyondLimits(p).map((i) => i + 1)).toEqual([15, 23]);
  });

  it('np: centre np̄ = 11.57, limits 2.62…20.51, the same two samples out', () => {
    const np = npChart(CANS, 50);
    expect(np.center).toBeCloseTo(11.567, 2);
    expect(np.ucl[0]).toBeCloseTo(20.51, 2);
    expect(np.lcl[0]).toBeCloseTo(2.62, 2);
    expect(beyondLimits(np).map((i) => i + 1)).toEqual([15, 23]);
  });

  it('limits per point when sample sizes differ, from the baseline only, never below 0', () => {
    const p = pChart([1, 2, 1, 9], [20, 40, 20, 20], { from: 0, to: 3 });
    // p̄ = 4/80 over the baseline; the 4th sample is judged by limits for its own n.
    expect(p.center).toBeCloseTo(0.05, 10);
    expect(p.ucl[1]).toBeCloseTo(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 40), 10);
    expect(p.ucl[0]).toBeCloseTo(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 20), 10);
    expect(p.lcl[0]).toBe(0);
    expect(beyondLimits(p)).toEqual([3]);
  });

  it('refuses counts that cannot be, naming the sample', () => {
    expect(() => pChart([3, 1], [2, 5])).toThrow('sample 0 has 3 nonconforming of 2 units');
    expect(() => pChart([1, -1], [5, 5])).toThrow('nonconforming[1] must be a non-negative number, not -1');
    expect(() => pChart([1, 1], [5, 0])).toThrow('sizes[1] must be a positive number, not 0');
    expect(() => pChart([1, 1, 1], [5, 5, 5], { from: 0, to: 1 })).toThrow('the baseline needs at least 2 samples');
  });
});

describe('c chart (Example 7.3)', () => {
  it('c̄ = 516/26 = 19.85, UCL 33.22, LCL 6.48; samples 6 and 20 are out', () => {
    const c = cChart(BOARDS);
    expect(c.center).toBeCloseTo(19.846, 3);
    expect(c.ucl[0]).toBeCloseTo(33.21, 2);
    expect(c.lcl[0]).toBeCloseTo(6.48, 2);
    expect(beyondLimits(c).map((i) => i + 1)).toEqual([6, 20]);
  });
});

describe('u chart (Example 7.4)', () => {
  it('ū = 193/100 = 1.93, UCL 3.79, LCL 0.07 for n = 5; no point out', () => {
    const u = uChart(
      COMPUTERS,
      COMPUTERS.map(() => 5),
    );
    expect(u.center).toBeCloseTo(1.93, 10);
    expect(u.ucl[0]).toBeCloseTo(3.79, 2);
    expect(u.lcl[0]).toBeCloseTo(0.07, 2);
    expect(beyondLimits(u)).toEqual([]);
    expect(u.points[0]).toBe(2);
  });
});
