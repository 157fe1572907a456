import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '../../common/backoff.ts';
import { seededRandom } from '../support/seeded-random.ts';

const policy = { baseMs: 500, capMs: 8000 };

describe('backoff (exponential, full jitter)', () => {
  it('doubles its ceiling from the base with each attempt and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 1000].map((a) => backoffCeiling(a, policy))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });

  it('treats a negative or fractional attempt as the whole attempt below it, never below the first', () => {
    expect(backoffCeiling(-3, policy)).toBe(500);
    expect(backoffCeiling(1.7, policy)).toBe(1000);
    expect(backoffCeiling(Number.MAX_SAFE_INTEGER, policy)).toBe(8000);
  });

  it('waits anywhere from 0 up to (not including) the ceiling, in whole ms', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(1999);
    expect(backoffDelay(9, policy, () => 0.999999)).toBe(7999);
  });

  it('never leaves [0, ceiling) for any attempt', () => {
    const random = seededRandom(7);
    for (let attempt = 0; attempt < 40; attempt++) {
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt, policy, random);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(backoffCeiling(attempt, policy));
      }
    }
  });

  it('spreads the waits evenly over the whole window (full jitter, not ± a fraction)', () => {
    const random = seededRandom(2026);
    const ceiling = backoffCeiling(3, policy);
    const buckets = new Array<number>(10).fill(0);
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const delay = backoffDelay(3, policy, random);
      sum += delay;
      buckets[Math.floor((delay / ceiling) * 10)]!++;
    }
    // Uniform: each tenth of the window gets ~10 % (the waits near 0 as often as those near the ceiling),
    // and the mean is half the ceiling.
    for (const count of buckets) expect(Math.abs(count / n - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(sum / n / ceiling - 0.5)).toBeLessThan(0.01);
  });

  it('is repeatable with a seeded random, and differs between seeds (clients do not retry in step)', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return [0, 1, 2, 3, 4].map((a) => backoffDelay(a, policy, random));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});
