/** What an expression computes: the same scalar kinds a tag holds. */
export type ExprValue = number | string | boolean | null;

/** Raised by a function for a bad argument; `arg` is the index of the argument at fault. */
export class ArgumentError extends Error {
  readonly arg: number;
  constructor(arg: number, message: string) {
    super(message);
    this.arg = arg;
  }
}

export interface ExprFunction {
  minArgs: number;
  maxArgs: number;
  description: string;
  apply(args: readonly ExprValue[]): ExprValue;
}

export function typeName(v: ExprValue): string {
  return v === null ? 'null' : typeof v === 'string' ? `text ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}` : `${typeof v} ${String(v)}`;
}

function num(args: readonly ExprValue[], i: number, fn: string): number {
  const v = args[i];
  if (typeof v !== 'number') throw new ArgumentError(i, `${fn}() expects a number as argument ${i + 1}, not ${typeName(v ?? null)}`);
  return v;
}

function int(args: readonly ExprValue[], i: number, fn: string, min: number, max: number): number {
  const v = num(args, i, fn);
  if (!Number.isInteger(v) || v < min || v > max) throw new ArgumentError(i, `${fn}() expects a whole number from ${min} to ${max} as argument ${i + 1}, not ${v}`);
  return v;
}

/** Null (no value yet) flows through numeric functions rather than failing: the quality says why. */
const numeric = (fn: string, f: (...xs: number[]) => number, minArgs: number, maxArgs: number, description: string): ExprFunction => ({
  minArgs,
  maxArgs,
  description,
  // Loops rather than some/map/spread: expression tags call this a million times a second, without allocating.
  apply: (args) => {
    for (let i = 0; i < args.length; i++) if (args[i] === null) return null;
    for (let i = 0; i < args.length; i++) num(args, i, fn);
    return f(...(args as number[]));
  },
});

function total(...xs: number[]): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function format(args: readonly ExprValue[]): ExprValue {
  const value = args[0] ?? null;
  if (value === null) return null;
  const decimals = args[1] === undefined || args[1] === null ? undefined : int(args, 1, 'format', 0, 10);
  const units = args[2] ?? '';
  if (typeof units !== 'string') throw new ArgumentError(2, `format() expects units as text, not ${typeName(units)}`);
  let text: string;
  if (typeof value === 'number') text = decimals === undefined ? String(value) : value.toFixed(decimals);
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else text = value;
  return units === '' ? text : `${text} ${units}`;
}

function text(v: ExprValue): string {
  return v === null ? '' : typeof v === 'string' ? v : String(v);
}

/** The whole vocabulary of callable names. Nothing outside this map can be called. */
export const FUNCTIONS: ReadonlyMap<string, ExprFunction> = new Map<string, ExprFunction>([
  ['min', numeric('min', Math.min, 1, 16, 'the smallest of the numbers')],
  ['max', numeric('max', Math.max, 1, 16, 'the largest of the numbers')],
  ['abs', numeric('abs', Math.abs, 1, 1, 'the absolute value')],
  ['floor', numeric('floor', Math.floor, 1, 1, 'rounded down')],
  ['ceil', numeric('ceil', Math.ceil, 1, 1, 'rounded up')],
  [
    'sqrt',
    numeric(
      'sqrt',
      (x) => {
        if (x < 0) throw new ArgumentError(0, `sqrt() of a negative number (${x})`);
        return Math.sqrt(x);
      },
      1,
      1,
      'the square root',
    ),
  ],
  [
    'round',
    {
      minArgs: 1,
      maxArgs: 2,
      description: 'round(x, decimals = 0)',
      apply: (args) => (args[0] === null ? null : round(num(args, 0, 'round'), args.length > 1 ? int(args, 1, 'round', 0, 10) : 0)),
    },
  ],
  [
    'clamp',
    numeric(
      'clamp',
      (x, lo, hi) => {
        if (lo > hi) throw new ArgumentError(1, `clamp() low limit ${lo} is above high limit ${hi}`);
        return Math.min(hi, Math.max(lo, x));
      },
      3,
      3,
      'clamp(x, low, high)',
    ),
  ],
  ['format', { minArgs: 1, maxArgs: 3, description: 'format(value, decimals, units): e.g. "12.5 %"', apply: format }],
  ['concat', { minArgs: 1, maxArgs: 16, description: 'joins values as text (null as empty)', apply: (args) => args.map(text).join('') }],
  [
    'len',
    {
      minArgs: 1,
      maxArgs: 1,
      description: 'the length of a text',
      apply: (args) => {
        const v = args[0] ?? null;
        if (v === null) return null;
        if (typeof v !== 'string') throw new ArgumentError(0, `len() expects text, not ${typeName(v)}`);
        return v.length;
      },
    },
  ],
  [
    'pick',
    {
      minArgs: 2,
      maxArgs: 16,
      description: 'pick(index, a, b, ...): the argument at a 0-based index, null when out of range',
      apply: (args) => {
        if (args[0] === null) return null;
        const index = num(args, 0, 'pick');
        return Number.isInteger(index) && index >= 0 && index < args.length - 1 ? (args[index + 1] ?? null) : null;
      },
    },
  ],
]);

/** Arguments the evaluator handles itself (lazily, or from a tag's history): never applied eagerly. */
const special = (minArgs: number, maxArgs: number, description: string): ExprFunction => ({
  minArgs,
  maxArgs,
  description,
  apply: () => {
    throw new Error('evaluated by the evaluator itself');
  },
});

const more = new Map<string, ExprFunction>([
  ['avg', numeric('avg', (...xs) => total(...xs) / xs.length, 1, 16, 'the mean of the numbers')],
  ['sum', numeric('sum', total, 1, 16, 'the sum of the numbers')],
  [
    'bit',
    {
      minArgs: 2,
      maxArgs: 2,
      description: 'bit(x, n): true when bit n (0 = lowest) of the whole number x is set',
      apply: (args) => {
        if (args[0] === null) return null;
        const x = num(args, 0, 'bit');
        if (!Number.isInteger(x)) throw new ArgumentError(0, `bit() expects a whole number, not ${x}`);
        const n = int(args, 1, 'bit', 0, 52);
        return Math.floor(Math.abs(x) / 2 ** n) % 2 === 1;
      },
    },
  ],
  ['if', special(3, 3, 'if(condition, a, b): a when the condition is true, else b (also: if c then a else b)')],
  ['ifBad', special(2, 2, 'ifBad(x, fallback): x, or the fallback (quality uncertain: substitute) when x is bad')],
  ['secondsSince', special(1, 1, 'secondsSince({tag}): seconds since the tag last changed its value')],
  ['rate', special(1, 1, "rate({tag}): the tag's change per second between its last two values")],
  ['now', special(0, 0, 'now(): the time now, epoch milliseconds')],
]);
for (const [name, fn] of more) (FUNCTIONS as Map<string, ExprFunction>).set(name, fn);

export const CONSTANTS: ReadonlyMap<string, number> = new Map([['PI', Math.PI]]);
