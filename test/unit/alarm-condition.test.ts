import { describe, expect, it } from 'vitest';
import { AlarmDefinitionSchema, type AlarmCondition } from '../../common/alarms.ts';
import { dataValue } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import { evaluateCondition, evaluateSuppression, renderMessage, type RateMemory } from '../../main/core/alarms/alarm-condition.ts';

const good = (v: number | boolean | string | null, t = 0, quality: Quality = 'Good') => dataValue(v, quality, t);

/** Feeds values in order and returns the condition after each, starting from inactive. */
function trace(condition: AlarmCondition, deadband: number, values: Array<number | null>, quality: Quality = 'Good'): boolean[] {
  let was = false;
  return values.map((v) => (was = evaluateCondition(condition, deadband, was, good(v, 0, quality), undefined, undefined)));
}

describe('alarm conditions', () => {
  it.each([
    ['hi with deadband: raised above the limit, kept until below limit − deadband', { type: 'hi', limit: 90 }, 2, [89, 90, 90.1, 89, 88.1, 88, 91], [false, false, true, true, true, false, true]],
    ['hihi without deadband', { type: 'hihi', limit: 95 }, 0, [96, 95, 96], [true, false, true]],
    ['lo with deadband', { type: 'lo', limit: 10 }, 1, [11, 9.9, 10.5, 11, 9], [false, true, true, false, true]],
    ['lolo', { type: 'lolo', limit: 5 }, 0, [6, 4, 5], [false, true, false]],
    ['discrete: equals a state', { type: 'equals', value: 5 }, 0, [2, 5, 5, 3], [false, true, true, false]],
  ] as const)('%s', (_name, condition, deadband, values, expected) => {
    expect(trace(condition as AlarmCondition, deadband, [...values])).toEqual(expected);
  });

  it('keeps the last result while the value is bad or not yet read; the bad-quality alarm tells instead', () => {
    const hi: AlarmCondition = { type: 'hi', limit: 90 };
    expect(evaluateCondition(hi, 0, true, good(null, 0, 'BadNotConnected'), undefined, undefined)).toBe(true);
    expect(evaluateCondition(hi, 0, false, good(99, 0, 'BadSensorFailure'), undefined, undefined)).toBe(false);
    expect(evaluateCondition(hi, 0, false, good(99, 0, 'UncertainLastUsableValue'), undefined, undefined)).toBe(true);
    const bad: AlarmCondition = { type: 'badQuality' };
    expect(evaluateCondition(bad, 0, false, good(1, 0, 'BadNotConnected'), undefined, undefined)).toBe(true);
    expect(evaluateCondition(bad, 0, true, good(1, 0, 'UncertainLastUsableValue'), undefined, undefined)).toBe(false);
    expect(evaluateCondition(bad, 0, false, good(null, 0, 'BadWaitingForInitialData'), undefined, undefined)).toBe(false);
  });

  it('deviation from a setpoint tag, with deadband', () => {
    const c: AlarmCondition = { type: 'deviation', setpointTag: 'A/Sp', limit: 5 };
    const sp = good(100);
    expect(evaluateCondition(c, 1, false, good(105), sp, undefined)).toBe(false);
    expect(evaluateCondition(c, 1, false, good(94.9), sp, undefined)).toBe(true);
    expect(evaluateCondition(c, 1, true, good(104.5), sp, undefined)).toBe(true);
    expect(evaluateCondition(c, 1, true, good(103.9), sp, undefined)).toBe(false);
    expect(evaluateCondition(c, 1, true, good(50), good(null, 0, 'BadNotConnected'), undefined)).toBe(true);
  });

  it('rate of change per second, either way', () => {
    const c: AlarmCondition = { type: 'rate', limit: 2 };
    const memory: RateMemory = { value: Number.NaN, time: 0 };
    const at = (v: number, t: number, was: boolean) => evaluateCondition(c, 0, was, good(v, t), undefined, memory);
    expect(at(10, 0, false)).toBe(false); // first sample: nothing to compare
    expect(at(11, 1000, false)).toBe(false); // 1/s
    expect(at(14, 2000, false)).toBe(true); // 3/s
    expect(at(11, 3000, true)).toBe(true); // −3/s
    expect(at(11.5, 4000, true)).toBe(false);
  });

  it('suppression by design follows its tag, and holds while that tag is bad', () => {
    const def = AlarmDefinitionSchema.parse({
      id: 'A/B',
      tag: 'A/State',
      condition: { type: 'equals', value: 5 },
      priority: 'high',
      message: 'x',
      suppressWhen: { tag: 'A/Run', equals: false },
    });
    expect(evaluateSuppression(def, good(false))).toBe(true);
    expect(evaluateSuppression(def, good(true))).toBe(false);
    expect(evaluateSuppression(def, good(null, 0, 'BadNotConnected'))).toBeUndefined();
  });

  it('fills values into the message', () => {
    const def = AlarmDefinitionSchema.parse({
      id: 'T/L/Hi',
      tag: 'T/L',
      condition: { type: 'hi', limit: 90 },
      priority: 'high',
      message: 'Tank level {value} {units} above {limit} {units} ({state}, {tag})',
    });
    expect(renderMessage(def, 93.456, { units: '%', decimals: 1 })).toBe('Tank level 93.5 % above 90 % (93.5, T/L)');
    const discrete = AlarmDefinitionSchema.parse({ id: 'F', tag: 'F/State', condition: { type: 'equals', value: 5 }, priority: 'low', message: 'Filler {state}' });
    expect(renderMessage(discrete, 5, { units: '', decimals: 0, states: { '5': 'Faulted' } })).toBe('Filler Faulted');
  });
});
