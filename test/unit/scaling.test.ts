import { describe, expect, it } from 'vitest';
import { toEngineering, toRaw } from '../../main/core/tags/scaling.ts';

describe('linear scaling', () => {
  const siemens = { rawMin: 0, rawMax: 27648, euMin: 0, euMax: 100 };
  const offset = { rawMin: 4000, rawMax: 20000, euMin: -40, euMax: 120 };
  const inverted = { rawMin: 0, rawMax: 1000, euMin: 100, euMax: 0 };

  it.each([
    [siemens, 0, 0],
    [siemens, 27648, 100],
    [siemens, 13824, 50],
    [offset, 4000, -40],
    [offset, 12000, 40],
    [offset, 20000, 120],
    [inverted, 250, 75],
  ])('raw → engineering units (%#)', (scaling, raw, eu) => {
    expect(toEngineering(raw, scaling)).toBeCloseTo(eu, 9);
  });

  it.each([siemens, offset, inverted])('toRaw is the inverse of toEngineering (%#)', (scaling) => {
    for (const raw of [scaling.rawMin, scaling.rawMax, (scaling.rawMin + scaling.rawMax) / 3, -123.5, 99999]) {
      expect(toRaw(toEngineering(raw, scaling), scaling)).toBeCloseTo(raw, 6);
    }
  });

  it('extrapolates outside the range rather than clamping (the engine flags it instead)', () => {
    expect(toEngineering(30000, siemens)).toBeGreaterThan(100);
    expect(toEngineering(-100, siemens)).toBeLessThan(0);
  });
});
