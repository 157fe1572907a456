import type { Value } from '../../common/data-value.ts';
import { fail, ok, type Result } from '../../common/result.ts';

/**
 * Simulator addresses: `model:<variable>` or a signal function such as `sine(period=60s, min=0, max=100)`.
 * A small hand-written parser (never eval): arguments are positional or named, values are numbers,
 * durations (500ms, 10s, 5m, 1h), rates (10/s, 30/min) or literals (true, false, "text").
 */
export type SimAddress =
  | { kind: 'model'; variable: string }
  | { kind: 'sine' | 'ramp' | 'square'; periodMs: number; min: number; max: number }
  | { kind: 'random'; min: number; max: number }
  | { kind: 'counter'; perSecond: number }
  | { kind: 'memory'; initial: Value };

export interface ParsedAddress {
  address: SimAddress;
  /** The canonical spelling: addresses that mean the same signal share one key (and one state). */
  key: string;
}

type ParamKind = 'duration' | 'number' | 'rate' | 'literal';
interface ParamSpec {
  name: string;
  kind: ParamKind;
  default: Value;
}
interface FunctionSpec {
  params: readonly ParamSpec[];
  dataType: string;
  description: string;
}

const period = (ms: number): ParamSpec => ({ name: 'period', kind: 'duration', default: ms });
const num = (name: string, value: number): ParamSpec => ({ name, kind: 'number', default: value });

export const SIGNAL_FUNCTIONS = {
  sine: { params: [period(60_000), num('min', 0), num('max', 100)], dataType: 'float64', description: 'Sine wave between min and max' },
  ramp: { params: [period(60_000), num('min', 0), num('max', 100)], dataType: 'float64', description: 'Sawtooth rising from min to max each period' },
  square: { params: [period(60_000), num('min', 0), num('max', 100)], dataType: 'float64', description: 'min for the first half of each period, max for the second' },
  random: { params: [num('min', 0), num('max', 100)], dataType: 'float64', description: 'Seeded random walk within min..max' },
  counter: { params: [{ name: 'rate', kind: 'rate', default: 10 }], dataType: 'uint32', description: 'Integer counting up at rate (e.g. 10/s, 30/min)' },
  memory: { params: [{ name: 'initial', kind: 'literal', default: 0 }], dataType: 'float64', description: 'Holds the last value written (writable); starts at initial' },
} as const satisfies Record<string, FunctionSpec>;
export type SignalFunction = keyof typeof SIGNAL_FUNCTIONS;
const FUNCTION_NAMES = Object.keys(SIGNAL_FUNCTIONS) as SignalFunction[];

/** How to write a call to each function, with its defaults. */
export function functionSyntax(fn: SignalFunction): string {
  const params: readonly ParamSpec[] = SIGNAL_FUNCTIONS[fn].params;
  return `${fn}(${params.map((p) => `${p.name}=${formatParam(p.kind, p.default)}`).join(', ')})`;
}

const HINT = 'use model:<variable> or a function such as sine(period=60s, min=0, max=100)';

export function parseAddress(text: string): Result<ParsedAddress> {
  const source = text.trim();
  if (source === '') return fail('config-error', `the address is empty: ${HINT}`);
  if (source.startsWith('model:')) {
    const variable = source.slice('model:'.length).trim();
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(variable)) {
      return fail('config-error', `'${source}' needs a model variable name after model: (e.g. model:T101.Level)`);
    }
    return ok({ address: { kind: 'model', variable }, key: `model:${variable}` });
  }
  const head = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(source);
  if (!head) return fail('config-error', `'${source}' is not a simulator address: ${HINT}`);
  const fn = head[1] ?? '';
  if (!isSignalFunction(fn)) return fail('config-error', `unknown function '${fn}' (known: ${FUNCTION_NAMES.join(', ')})`);
  const args = scanArguments(fn, source, head[0].length);
  if (!args.ok) return args;
  const values = bindArguments(fn, args.value);
  if (!values.ok) return values;
  return buildAddress(fn, values.value);
}

function isSignalFunction(name: string): name is SignalFunction {
  return Object.hasOwn(SIGNAL_FUNCTIONS, name);
}

interface RawArgument {
  name?: string;
  text: string;
}

function scanArguments(fn: string, source: string, start: number): Result<RawArgument[]> {
  const args: RawArgument[] = [];
  let i = start;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source.charAt(i))) i++;
  };
  skipSpace();
  if (source.charAt(i) === ')') i++;
  else {
    for (;;) {
      skipSpace();
      const named = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(source.slice(i));
      if (named) i += named[0].length;
      let text: string;
      if (source.charAt(i) === '"') {
        const close = source.indexOf('"', i + 1);
        if (close < 0) return fail('config-error', `${fn}(...): a string starting at "${source.slice(i, i + 10)}" is not closed with "`);
        text = source.slice(i, close + 1);
        i = close + 1;
      } else {
        let j = i;
        while (j < source.length && !',()'.includes(source.charAt(j))) j++;
        text = source.slice(i, j).trim();
        i = j;
      }
      if (text === '') return fail('config-error', `${fn}(...): argument ${args.length + 1} has no value`);
      args.push(named ? { name: named[1] ?? '', text } : { text });
      skipSpace();
      const next = source.charAt(i);
      i++;
      if (next === ',') continue;
      if (next === ')') break;
      if (next === '') return fail('config-error', `${fn}(...) is missing its closing ')'`);
      return fail('config-error', `${fn}(...): unexpected '${next}' after argument ${args.length}`);
    }
  }
  const rest = source.slice(i).trim();
  if (rest !== '') return fail('config-error', `unexpected '${rest}' after ${fn}(...)`);
  return ok(args);
}

function bindArguments(fn: SignalFunction, args: readonly RawArgument[]): Result<Map<string, Value>> {
  const params: readonly ParamSpec[] = SIGNAL_FUNCTIONS[fn].params;
  const names = params.map((p) => p.name).join(', ');
  const texts = new Map<string, string>();
  let sawNamed = false;
  for (const [index, arg] of args.entries()) {
    let name = arg.name;
    if (name === undefined) {
      if (sawNamed) return fail('config-error', `${fn}: positional argument '${arg.text}' follows a named one`);
      name = params[index]?.name;
      if (name === undefined) return fail('config-error', `${fn} takes at most ${params.length} argument(s) (${names}), got ${args.length}`);
    } else {
      sawNamed = true;
      if (!params.some((p) => p.name === name)) return fail('config-error', `${fn} has no parameter '${name}' (it takes ${names})`);
    }
    if (texts.has(name)) return fail('config-error', `${fn}: ${name} is given twice`);
    texts.set(name, arg.text);
  }
  const values = new Map<string, Value>();
  for (const param of params) {
    const text = texts.get(param.name);
    if (text === undefined) {
      values.set(param.name, param.default);
      continue;
    }
    const value = parseParam(param.kind, text);
    if (value === undefined) return fail('config-error', `${fn}: ${param.name} must be ${KIND_WORDS[param.kind]}, not '${text}'`);
    values.set(param.name, value);
  }
  return ok(values);
}

const KIND_WORDS: Record<ParamKind, string> = {
  duration: 'a duration such as 500ms, 10s, 5m or 1h',
  number: 'a number',
  rate: 'a rate such as 10/s, 30/min or 100/h',
  literal: 'a number, true, false or a "quoted string"',
};
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

function parseParam(kind: ParamKind, text: string): Value | undefined {
  switch (kind) {
    case 'number':
      return NUMBER.test(text) ? Number(text) : undefined;
    case 'duration': {
      const m = /^(\d+\.?\d*|\.\d+)\s*(ms|s|min|m|h)$/.exec(text);
      return m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN) : undefined;
    }
    case 'rate': {
      if (NUMBER.test(text)) return Number(text);
      const m = /^(\d+\.?\d*|\.\d+)\s*\/\s*(s|min|m|h)$/.exec(text);
      return m ? (Number(m[1]) * 1000) / (UNIT_MS[m[2] ?? ''] ?? Number.NaN) : undefined;
    }
    case 'literal':
      if (text === 'true' || text === 'false') return text === 'true';
      if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) return text.slice(1, -1);
      return NUMBER.test(text) ? Number(text) : undefined;
  }
}

function formatParam(kind: ParamKind, value: Value): string {
  if (kind === 'duration' && typeof value === 'number') return value % 1000 === 0 ? `${value / 1000}s` : `${value}ms`;
  if (kind === 'rate') return `${String(value)}/s`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function buildAddress(fn: SignalFunction, values: Map<string, Value>): Result<ParsedAddress> {
  const params: readonly ParamSpec[] = SIGNAL_FUNCTIONS[fn].params;
  const key = `${fn}(${params.map((p) => `${p.name}=${formatParam(p.kind, values.get(p.name) ?? null)}`).join(', ')})`;
  const number = (name: string) => Number(values.get(name));
  switch (fn) {
    case 'sine':
    case 'ramp':
    case 'square': {
      const [periodMs, min, max] = [number('period'), number('min'), number('max')];
      if (!(periodMs > 0)) return fail('config-error', `${fn}: period must be longer than 0`);
      if (!(min < max)) return fail('config-error', `${fn}: min (${min}) must be less than max (${max})`);
      return ok({ address: { kind: fn, periodMs, min, max }, key });
    }
    case 'random': {
      const [min, max] = [number('min'), number('max')];
      if (!(min < max)) return fail('config-error', `random: min (${min}) must be less than max (${max})`);
      return ok({ address: { kind: 'random', min, max }, key });
    }
    case 'counter': {
      const perSecond = number('rate');
      if (!(perSecond > 0)) return fail('config-error', 'counter: rate must be more than 0');
      return ok({ address: { kind: 'counter', perSecond }, key });
    }
    case 'memory':
      return ok({ address: { kind: 'memory', initial: values.get('initial') ?? 0 }, key });
  }
}
