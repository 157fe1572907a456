import { describe, expect, it } from 'vitest';
import type { Quality } from '../../common/quality.ts';
import { compileExpression, type ClosureEnv } from '../../screens/expression/closure.ts';
import { evaluateValue, type EvaluationState, type ExpressionContext } from '../../screens/expression/evaluate.ts';
import { ExpressionFailure } from '../../screens/expression/expression-error.ts';
import type { ExprValue } from '../../screens/expression/functions.ts';
import { parseExpression } from '../../screens/expression/parser.ts';

type Reading = { value: unknown; quality: Quality; sourceTime?: number };

const TAGS: Record<string, Reading> = {
  'L/Level': { value: 42.5, quality: 'Good', sourceTime: 9_000 },
  'L/Temp': { value: 21, quality: 'UncertainLastUsableValue', sourceTime: 7_000 },
  'L/State': { value: 2, quality: 'Good', sourceTime: 8_000 },
  'L/Speed': { value: 118.04, quality: 'BadNoCommunication', sourceTime: 6_000 },
  'L/Run': { value: true, quality: 'Good', sourceTime: 9_500 },
  'L/Name': { value: 'abc', quality: 'Good', sourceTime: 9_100 },
  'L/Word': { value: 0b1011, quality: 'GoodLocalOverride', sourceTime: 9_200 },
  'L/Zero': { value: 0, quality: 'Good', sourceTime: 9_300 },
  'L/Empty': { value: null, quality: 'BadWaitingForInitialData', sourceTime: 1_000 },
  'L/Array': { value: [1, 2], quality: 'Good', sourceTime: 9_000 },
};
const NOW = 10_000;
const HISTORY: Record<string, { changedAt: number; previous: { value: ExprValue; sourceTime: number } }> = {
  'L/Level': { changedAt: 9_000, previous: { value: 40.5, sourceTime: 8_000 } },
  'L/Name': { changedAt: 9_100, previous: { value: 'ab', sourceTime: 8_000 } },
};

const context: ExpressionContext = {
  read: (path) => TAGS[path] as { value: ExprValue; quality: Quality; sourceTime?: number } | undefined,
  info: (path) => (path === 'L/Level' ? { units: '%', decimals: 1 } : undefined),
  now: () => NOW,
  changedAt: (path) => HISTORY[path]?.changedAt,
  previous: (path) => HISTORY[path]?.previous,
};

const env: ClosureEnv = {
  source: (path) =>
    path in TAGS
      ? {
          get current() {
            return TAGS[path];
          },
        }
      : undefined,
  info: context.info!,
  now: context.now!,
  changedAt: context.changedAt!,
  previous: context.previous!,
};

type Outcome = { value: ExprValue; quality: Quality; sourceTime: number | undefined } | { error: string; offset: number };

function outcome(run: (state: EvaluationState) => ExprValue): Outcome {
  const state: EvaluationState = { quality: 'Good', sourceTime: undefined };
  try {
    const value = run(state);
    return { value, quality: state.quality, sourceTime: state.sourceTime };
  } catch (error) {
    if (!(error instanceof ExpressionFailure)) throw error;
    return { error: error.message, offset: error.offset };
  }
}

const CORPUS = [
  '1 + 2 * 3',
  '7 % 4',
  '-{L/Level}',
  '{L/Level} > 40 and {L/Run}',
  '{L/Level} >= 90 || not {L/Run}',
  '{L/State} == 2 ? "Running" : "Other"',
  'if {L/Level} > {L/Temp} then {L/Level} - {L/Temp} else 0',
  'if({L/Run}, {L/Level}, {L/Speed})',
  'if({L/Empty}, 1, 2)',
  '"a" + "b"',
  '"abc" < "abd"',
  '"a" == 1',
  'null == {L/Empty}',
  '{L/Empty} + 1',
  '{L/Empty} > 3 ? 1 : 2',
  '{L/Empty} or true',
  '{L/Empty} and true',
  '{L/Empty} and false',
  'min(3, 1, 2) + max(4, 5)',
  'max({L/Level}, {L/Temp}, 0) - min({L/Level}, 10)',
  'min({L/Empty}, 1)',
  'abs(-2) + floor(1.7) + ceil(1.2)',
  'avg(1, 2, 6) + sum({L/Level}, {L/Temp})',
  'bit(floor(abs({L/Level})), 3) ? 1 : 0',
  'bit({L/Word}, 1)',
  'bit({L/Word}, 2)',
  'round(3.14159, 2)',
  'clamp(120, 0, 100)',
  'format({L/Level}, 2, "%")',
  'format({L/Level}, 1, {L/Level}.units)',
  'concat("T", 101, " ", true, null)',
  'len({L/Name})',
  'pick({L/State}, "Stopped", "Starting", "Running")',
  'pick(9, "a")',
  '{L/Level}.value + {L/Level}.decimals',
  '{L/Speed}.units',
  '{L/Speed}.bad',
  '{L/Temp}.uncertain',
  '{L/Speed}.quality',
  '{Nowhere}.good',
  '{Nowhere} + 1',
  'false and 1 / 0 > 1',
  'true or "x"',
  'round(PI, 4)',
  'ifBad({L/Speed}, 0)',
  'ifBad({L/Level}, 0) + {L/Temp}',
  'ifBad({L/Empty} + 1, -1)',
  'secondsSince({L/Level})',
  'secondsSince({L/Temp})',
  'rate({L/Level})',
  'rate({L/Temp})',
  'rate({L/Name})',
  'now() - 1000',
  '{L/Level} / {L/Zero}',
  '{L/Level} % {L/Zero}',
  '"abc" * 2',
  '{L/Name} + 1',
  '1 + true',
  '-"x"',
  'not 1',
  '1 ? 2 : 3',
  '{L/Level} and true',
  'true and {L/Level}',
  '1 < "2"',
  '1e308 * 10',
  'abs("x")',
  'round(1.5, 1.5)',
  'format(1, 2, 3)',
  'len(5)',
  'clamp(1, 5, 0)',
  'sqrt(-1)',
  'bit(1.5, 1)',
  '{L/Array} + 1',
  'rate({L/Array})',
];

describe('expressions compiled to closures', () => {
  it.each(CORPUS)('%s: the same value, quality, age or error as the tree walk', (text) => {
    const parsed = parseExpression(text);
    if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
    const walked = outcome((state) => evaluateValue(parsed.value, context, state));
    const compiled = outcome(compileExpression(parsed.value, env));
    expect(compiled).toEqual(walked);
  });

  it('reads the current value on every run, and one compiled closure can run many times', () => {
    const source = { current: { value: 1 as unknown, quality: 'Good' as Quality, sourceTime: 5 } };
    const parsed = parseExpression('{A} * 2 + max({A}, 3)');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const run = compileExpression(parsed.value, { source: (path) => (path === 'A' ? source : undefined) });
    const state: EvaluationState = { quality: 'Good', sourceTime: undefined };
    expect(run(state)).toBe(5);
    source.current = { value: 10, quality: 'UncertainSubNormal', sourceTime: 7 };
    state.quality = 'Good';
    state.sourceTime = undefined;
    expect(run(state)).toBe(30);
    expect(state).toEqual({ quality: 'UncertainSubNormal', sourceTime: 7 });
    source.current = { value: 'x', quality: 'Good', sourceTime: 8 };
    expect(() => run(state)).toThrow(/cannot apply "\*" to text "x" and number 2/);
  });
});
