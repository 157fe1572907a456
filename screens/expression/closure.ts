import type { Quality } from '../../common/quality.ts';
import { severityOf, worseQuality } from '../../common/quality.ts';
import type { Expr } from './ast.ts';
import type { EvaluationState } from './evaluate.ts';
import { ExpressionFailure } from './expression-error.ts';
import { ArgumentError, CONSTANTS, FUNCTIONS, typeName, type ExprValue } from './functions.ts';

/** What a compiled expression reads of a tag: its current value (a tag slot fits), undefined while it has none. */
export interface TagSource {
  readonly current: { value: unknown; quality: Quality; sourceTime?: number } | undefined;
}

/** What a compiled expression needs besides values: resolved once at compile time, except the clock and history. */
export interface ClosureEnv {
  /** The tag's live source, or undefined when there is no such tag (the result then waits for initial data). */
  source(path: string): TagSource | undefined;
  info?(path: string): { units: string; decimals: number } | undefined;
  now?(): number;
  changedAt?(path: string): number | undefined;
  previous?(path: string): { value: ExprValue; sourceTime: number } | undefined;
}

/**
 * An expression as a tree of closures: tag references resolved to their sources once, each operator
 * a closure of its own, no allocation per evaluation. It computes what `evaluateValue` computes (the
 * same values, qualities, source times and errors at the same places); `evaluateValue` walks the
 * tree instead and stays for one-off evaluations.
 */
export type CompiledExpression = (state: EvaluationState) => ExprValue;

export function compileExpression(expr: Expr, env: ClosureEnv): CompiledExpression {
  return compile(expr, env);
}

type C = CompiledExpression;

const NO_VALUE: C = () => null;

function compile(e: Expr, env: ClosureEnv): C {
  switch (e.kind) {
    case 'literal': {
      const value = e.value;
      return () => value;
    }
    case 'constant': {
      const value = CONSTANTS.get(e.name) ?? null;
      return () => value;
    }
    case 'tag':
      return tagRead(e.path, e.start, env);
    case 'tagProperty':
      return tagProperty(e, env);
    case 'unary':
      return unary(e, env);
    case 'binary':
      return binary(e, env);
    case 'conditional':
      return conditional(e.test, e.then, e.otherwise, env);
    case 'call':
      return call(e, env);
  }
}

/** Reading a tag: its quality and source time gathered into the state, its value checked to be a scalar. */
function tagRead(path: string, start: number, env: ClosureEnv): C {
  const source = env.source(path);
  if (source === undefined) {
    return (s) => {
      s.quality = worseQuality(s.quality, 'BadWaitingForInitialData');
      return null;
    };
  }
  return (s) => {
    const dv = source.current;
    if (dv === undefined) {
      s.quality = worseQuality(s.quality, 'BadWaitingForInitialData');
      return null;
    }
    // 'Good' never makes anything worse (a tie keeps the first): the common case skips the comparison.
    if (dv.quality !== 'Good') s.quality = worseQuality(s.quality, dv.quality);
    const t = dv.sourceTime;
    if (t !== undefined && (s.sourceTime === undefined || t < s.sourceTime)) s.sourceTime = t;
    const v = dv.value;
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    throw new ExpressionFailure(start, `tag ${path} holds a ${typeof v}, not a number, text or true/false`);
  };
}

function tagProperty(e: Extract<Expr, { kind: 'tagProperty' }>, env: ClosureEnv): C {
  const { path, property } = e;
  if (property === 'value') return tagRead(path, e.start, env);
  if (property === 'units' || property === 'decimals') {
    if (!env.info) return NO_VALUE;
    const info = env.info.bind(env);
    return () => {
      const i = info(path);
      return i === undefined ? null : property === 'units' ? i.units : i.decimals;
    };
  }
  const source = env.source(path);
  // Asking about quality is answered reliably even when the value is bad: it does not degrade the result.
  const quality = (): Quality => source?.current?.quality ?? 'BadWaitingForInitialData';
  if (property === 'quality') return quality;
  return () => severityOf(quality()) === property;
}

function unary(e: Extract<Expr, { kind: 'unary' }>, env: ClosureEnv): C {
  const operand = compile(e.operand, env);
  const at = e.start;
  if (e.op === '-') {
    return (s) => {
      const v = operand(s);
      if (v === null) return null;
      if (typeof v !== 'number') throw new ExpressionFailure(at, `cannot negate ${typeName(v)}`);
      return -v;
    };
  }
  return (s) => {
    const v = operand(s);
    if (v === null) return null;
    if (typeof v !== 'boolean') throw new ExpressionFailure(at, `"not" needs true or false, not ${typeName(v)}`);
    return !v;
  };
}

function conditional(testExpr: Expr, thenExpr: Expr, otherwiseExpr: Expr, env: ClosureEnv): C {
  const test = compile(testExpr, env);
  const then = compile(thenExpr, env);
  const otherwise = compile(otherwiseExpr, env);
  const at = testExpr.start;
  return (s) => {
    const t = test(s);
    if (t === true) return then(s);
    if (t === false) return otherwise(s);
    if (t === null) return null;
    throw new ExpressionFailure(at, `a condition must be true or false, not ${typeName(t)}`);
  };
}

function finite(v: ExprValue, at: number): ExprValue {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new ExpressionFailure(at, 'the result is not a finite number');
  return v;
}

type Binary = Extract<Expr, { kind: 'binary' }>;

function binary(e: Binary, env: ClosureEnv): C {
  const left = compile(e.left, env);
  const right = compile(e.right, env);
  const op = e.op;
  if (op === '&&' || op === '||') {
    const stopAt = op === '||';
    const leftAt = e.left.start;
    const rightAt = e.right.start;
    return (s) => {
      const l = left(s);
      if (l !== null && typeof l !== 'boolean') throw new ExpressionFailure(leftAt, `"${op}" needs true or false, not ${typeName(l)}`);
      if (l === stopAt) return l;
      const r = right(s);
      if (r !== null && typeof r !== 'boolean') throw new ExpressionFailure(rightAt, `"${op}" needs true or false, not ${typeName(r)}`);
      if (l === null) return r === stopAt ? r : null;
      return r;
    };
  }
  if (op === '==') return (s) => left(s) === right(s);
  if (op === '!=') return (s) => left(s) !== right(s);
  const at = e.start;
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    const compare = COMPARE[op];
    return (s) => {
      const l = left(s);
      const r = right(s);
      if (l === null || r === null) return null;
      if ((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string')) return compare(l, r);
      throw new ExpressionFailure(at, `cannot compare ${typeName(l)} with ${typeName(r)}`);
    };
  }
  const arithmetic = ARITHMETIC[op];
  const divides = op === '/' || op === '%';
  const rightAt = e.right.start;
  return (s) => {
    const l = left(s);
    const r = right(s);
    if (typeof l === 'number' && typeof r === 'number') {
      if (divides && r === 0) throw new ExpressionFailure(rightAt, 'division by zero');
      const v = arithmetic(l, r);
      if (v - v !== 0) throw new ExpressionFailure(at, 'the result is not a finite number');
      return v;
    }
    if (l === null || r === null) return null;
    if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
    const hint = op === '+' ? ' (use concat() or format() to build text)' : '';
    throw new ExpressionFailure(at, `cannot apply "${op}" to ${typeName(l)} and ${typeName(r)}${hint}`);
  };
}

const COMPARE = {
  '<': (a: number | string, b: number | string) => a < b,
  '<=': (a: number | string, b: number | string) => a <= b,
  '>': (a: number | string, b: number | string) => a > b,
  '>=': (a: number | string, b: number | string) => a >= b,
};

const ARITHMETIC = {
  '+': (a: number, b: number) => a + b,
  '-': (a: number, b: number) => a - b,
  '*': (a: number, b: number) => a * b,
  '/': (a: number, b: number) => a / b,
  '%': (a: number, b: number) => a % b,
};

type Call = Extract<Expr, { kind: 'call' }>;

function call(e: Call, env: ClosureEnv): C {
  const name = e.name;
  if (name === 'if') return conditional(e.args[0]!, e.args[1]!, e.args[2]!, env);
  if (name === 'ifBad') return ifBad(e, env);
  if (name === 'now') {
    const now = env.now ? env.now.bind(env) : Date.now;
    return () => now();
  }
  if (name === 'secondsSince' || name === 'rate') return tagHistory(e, env);
  const fn = FUNCTIONS.get(name);
  if (!fn) {
    const at = e.start;
    return () => {
      throw new ExpressionFailure(at, `unknown function "${name}"`);
    };
  }
  const argClosures = e.args.map((a) => compile(a, env));
  const argStarts = e.args.map((a) => a.start);
  const at = e.start;
  // One array per call site, filled on each evaluation: the functions read it and keep nothing of it.
  const args: ExprValue[] = new Array<ExprValue>(argClosures.length).fill(null);
  const count = argClosures.length;
  return (s) => {
    for (let i = 0; i < count; i++) args[i] = argClosures[i]!(s);
    try {
      return finite(fn.apply(args), at);
    } catch (error) {
      if (error instanceof ArgumentError) throw new ExpressionFailure(argStarts[error.arg] ?? at, error.message);
      throw error;
    }
  };
}

/** The first argument unless what it read is bad; then the fallback, marked as a substitute. */
function ifBad(e: Call, env: ClosureEnv): C {
  const value = compile(e.args[0]!, env);
  const fallback = compile(e.args[1]!, env);
  const inner: EvaluationState = { quality: 'Good', sourceTime: undefined };
  return (s) => {
    inner.quality = 'Good';
    inner.sourceTime = undefined;
    const v = value(inner);
    if (severityOf(inner.quality) !== 'bad' && v !== null) {
      s.quality = worseQuality(s.quality, inner.quality);
      const t = inner.sourceTime;
      if (t !== undefined && (s.sourceTime === undefined || t < s.sourceTime)) s.sourceTime = t;
      return v;
    }
    s.quality = worseQuality(s.quality, 'UncertainSubstituteValue');
    return fallback(s);
  };
}

/** `secondsSince({tag})` and `rate({tag})`: the tag's quality and time, then its history. */
function tagHistory(e: Call, env: ClosureEnv): C {
  const ref = e.args[0] as Extract<Expr, { kind: 'tag' }>;
  const path = ref.path;
  const source = env.source(path);
  const now = env.now ? env.now.bind(env) : Date.now;
  const changedAt = env.changedAt?.bind(env);
  const previous = env.previous?.bind(env);
  const seconds = e.name === 'secondsSince';
  return (s) => {
    const dv = source?.current;
    if (dv === undefined) {
      s.quality = worseQuality(s.quality, 'BadWaitingForInitialData');
      return null;
    }
    s.quality = worseQuality(s.quality, dv.quality);
    if (seconds) {
      const since = changedAt?.(path) ?? dv.sourceTime;
      if (since === undefined) return null;
      return Math.max(0, (now() - since) / 1000);
    }
    const before = previous?.(path);
    const value = dv.value;
    if (value !== null && typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new ExpressionFailure(ref.start, `tag ${path} holds a ${typeof value}, not a number, text or true/false`);
    }
    if (before === undefined || dv.sourceTime === undefined || typeof value !== 'number' || typeof before.value !== 'number') {
      s.quality = worseQuality(s.quality, 'BadWaitingForInitialData');
      return null;
    }
    const elapsed = (dv.sourceTime - before.sourceTime) / 1000;
    return elapsed > 0 ? (value - before.value) / elapsed : 0;
  };
}
