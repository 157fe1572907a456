import { describe, expect, it } from 'vitest';
import type { Quality } from '../../common/quality.ts';
import { compileBinding } from '../../screens/expression/compile.ts';
import type { ExpressionContext } from '../../screens/expression/evaluate.ts';
import { worseQuality } from '../../screens/expression/evaluate.ts';
import type { ExprValue } from '../../screens/expression/functions.ts';

const TAGS: Record<string, { value: ExprValue; quality: Quality }> = {
  'Line1/Tank101/Level': { value: 42.5, quality: 'Good' },
  'Line1/Tank101/Temperature': { value: 21, quality: 'UncertainLastUsableValue' },
  'Line1/Filler/State': { value: 2, quality: 'Good' },
  'Line1/Filler/Speed': { value: 118.04, quality: 'BadNoCommunication' },
  'Line1/RunCommand': { value: true, quality: 'Good' },
  'Line1/Name': { value: 'abc', quality: 'Good' },
  'Line1/Empty': { value: null, quality: 'BadWaitingForInitialData' },
};

const context: ExpressionContext = {
  read: (path) => TAGS[path],
  info: (path) => (path === 'Line1/Tank101/Level' ? { units: '%', decimals: 1 } : undefined),
};

function run(text: string) {
  const compiled = compileBinding('value', text);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const result = compiled.value.evaluate(context);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function runError(text: string) {
  const compiled = compileBinding('fill', text);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const result = compiled.value.evaluate(context);
  if (result.ok) throw new Error(`expected ${text} to fail, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('expression evaluation', () => {
  it.each<[string, ExprValue]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 % 4', 3],
    ['-{Line1/Tank101/Level}', -42.5],
    ['{Line1/Tank101/Level} > 40 and {Line1/RunCommand}', true],
    ['{Line1/Tank101/Level} >= 90 || not {Line1/RunCommand}', false],
    ['{Line1/Filler/State} == 2 ? "Running" : "Other"', 'Running'],
    ['"a" + "b"', 'ab'],
    ['"abc" < "abd"', true],
    ['"a" == 1', false],
    ['null == {Line1/Empty}', true],
    ['{Line1/Empty} + 1', null],
    ['{Line1/Empty} > 3 ? 1 : 2', null],
    ['min(3, 1, 2) + max(4, 5)', 6],
    ['abs(-2) + floor(1.7) + ceil(1.2)', 5],
    ['round(3.14159, 2)', 3.14],
    ['round(2.5)', 3],
    ['clamp(120, 0, 100)', 100],
    ['format({Line1/Tank101/Level}, 2, "%")', '42.50 %'],
    ['format({Line1/Tank101/Level}, 0)', '43'],
    ['format({Line1/Tank101/Level}, 1, {Line1/Tank101/Level}.units)', '42.5 %'],
    ['concat("T", 101, " ", true, null)', 'T101 true'],
    ['len({Line1/Name})', 3],
    ['pick({Line1/Filler/State}, "Stopped", "Starting", "Running")', 'Running'],
    ['pick(9, "a")', null],
    ['{Line1/Tank101/Level}.value', 42.5],
    ['{Line1/Tank101/Level}.decimals', 1],
    ['{Line1/Filler/Speed}.units', null],
    ['false and 1 / 0 > 1', false],
    ['true or "x"', true],
    ['round(PI, 4)', 3.1416],
  ])('%s → %j', (text, value) => {
    expect(run(text).value).toEqual(value);
  });
});

describe('quality propagation', () => {
  it('is Good for constants', () => {
    expect(run('1 + 1').quality).toBe('Good');
  });
  it('carries the worst quality of the tags read', () => {
    expect(run('{Line1/Tank101/Level} + {Line1/Tank101/Temperature}').quality).toBe('UncertainLastUsableValue');
    expect(run('{Line1/Tank101/Temperature} + {Line1/Filler/Speed} + {Line1/Tank101/Level}').quality).toBe('BadNoCommunication');
  });
  it('a tag with no value yet reads as null, waiting for initial data', () => {
    expect(run('{Nowhere/Tag}')).toEqual({ value: null, quality: 'BadWaitingForInitialData', tags: ['Nowhere/Tag'] });
  });
  it('only the branch taken degrades the result, but every branch is subscribed', () => {
    const result = run('{Line1/RunCommand} ? {Line1/Tank101/Level} : {Line1/Filler/Speed}');
    expect(result.quality).toBe('Good');
    expect(result.tags).toEqual(['Line1/RunCommand', 'Line1/Tank101/Level', 'Line1/Filler/Speed']);
  });
  it('asking about quality is itself a good answer', () => {
    expect(run('{Line1/Filler/Speed}.bad')).toMatchObject({ value: true, quality: 'Good' });
    expect(run('{Line1/Tank101/Temperature}.uncertain')).toMatchObject({ value: true, quality: 'Good' });
    expect(run('{Line1/Tank101/Level}.good')).toMatchObject({ value: true, quality: 'Good' });
    expect(run('{Line1/Filler/Speed}.quality')).toMatchObject({ value: 'BadNoCommunication', quality: 'Good' });
    expect(run('{Nowhere}.good').value).toBe(false);
  });
  it('carries the age of its oldest input (the reject rate of two counters is as old as the older one)', () => {
    const aged: ExpressionContext = {
      read: (path) =>
        ({
          'Line1/Counters/Good': { value: 980, quality: 'BadNotConnected' as Quality, sourceTime: 5_000 },
          'Line1/Counters/Rejected': { value: 20, quality: 'Good' as Quality, sourceTime: 9_000 },
        })[path],
    };
    const compiled = compileBinding('text', "format(100 * {Line1/Counters/Rejected} / max(1, {Line1/Counters/Good} + {Line1/Counters/Rejected}), 2, '%')");
    if (!compiled.ok) throw new Error(compiled.error.message);
    const result = compiled.value.evaluate(aged);
    expect(result).toMatchObject({ ok: true, value: { quality: 'BadNotConnected', sourceTime: 5_000 } });
    // Constants have no age.
    expect(run('1 + 1').sourceTime).toBeUndefined();
  });
  it('worseQuality ranks bad over uncertain over good and keeps the first on a tie', () => {
    expect(worseQuality('Good', 'UncertainSubNormal')).toBe('UncertainSubNormal');
    expect(worseQuality('BadTimeout', 'UncertainSubNormal')).toBe('BadTimeout');
    expect(worseQuality('BadTimeout', 'BadOutOfService')).toBe('BadTimeout');
  });
});

describe('evaluation errors are clear, never NaN', () => {
  it.each([
    ['"abc" * 2', 0, 'cannot apply "*" to text "abc" and number 2'],
    ['{Line1/Name} + 1', 0, 'use concat() or format()'],
    ['1 + true', 0, 'cannot apply "+"'],
    ['-"x"', 0, 'cannot negate'],
    ['not 1', 0, '"not" needs true or false'],
    ['1 ? 2 : 3', 0, 'a condition must be true or false'],
    ['{Line1/Tank101/Level} and true', 0, '"&&" needs true or false'],
    ['1 < "2"', 0, 'cannot compare'],
    ['10 / (2 - 2)', 6, 'division by zero'],
    ['5 % 0', 4, 'division by zero'],
    ['1e308 * 10', 0, 'not a finite number'],
    ['abs("x")', 4, 'abs() expects a number as argument 1'],
    ['round(1.5, 1.5)', 11, 'whole number from 0 to 10'],
    ['format(1, 2, 3)', 13, 'units as text'],
    ['len(5)', 4, 'len() expects text'],
    ['clamp(1, 5, 0)', 9, 'low limit 5 is above high limit 0'],
    ['sqrt(-1)', 5, 'sqrt() of a negative number'],
  ])('%s', (text, offset, message) => {
    const error = runError(text);
    expect(error.message).toContain(message);
    expect(error.message.startsWith('fill: ')).toBe(true);
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toContain(`at 1:${offset + 1}\n`);
  });
});
