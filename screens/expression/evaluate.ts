import type { Quality } from '../../common/quality.ts';
import { severityOf, worseQuality } from '../../common/quality.ts';
import type { Result } from '../../common/result.ts';
import { referencedTags, type Expr } from './ast.ts';
import { expressionError, ExpressionFailure, type ExpressionError } from './expression-error.ts';
import { ArgumentError, CONSTANTS, FUNCTIONS, typeName, type ExprValue } from './functions.ts';

/** What an expression reads: a tag's current value and quality (a DataValue fits), and optionally its info. */
export interface ExpressionContext {
  /** The tag's value, or undefined when the tag is unknown or has no value yet; `sourceTime` its age. */
  read(path: string): { value: ExprValue; quality: Quality; sourceTime?: number } | undefined;
  /** Units and decimals of a tag (from TagInfo), for `.units` and `.decimals`. */
  info?(path: string): { units: string; decimals: number } | undefined;
  /** The time now (epoch ms) for `now()` and `secondsSince()`; default the machine's clock. */
  now?(): number;
  /** When the tag's value last changed (the runtime tracks it); default its source time. */
  changedAt?(path: string): number | undefined;
  /** The tag's value before its current one, for `rate()`; without it `rate()` has no value. */
  previous?(path: string): { value: ExprValue; sourceTime: number } | undefined;
}

export interface Evaluation {
  value: ExprValue;
  /** The worst quality of the tag values the result was computed from ('Good' when it read none). */
  quality: Quality;
  /** The oldest source time of the tag values it was computed from (undefined when it read none with one). */
  sourceTime?: number;
  /** Every tag the expression can read, whichever branch ran: what to subscribe to. */
  tags: string[];
}

/** The worse of two qualities (common/quality.ts; screens import it from here). */
export { worseQuality };

export function evaluateExpression(expr: Expr, context: ExpressionContext, text = ''): Result<Evaluation, ExpressionError> {
  const state: State = { quality: 'Good' };
  try {
    const value = evaluate(expr, context, state);
    return { ok: true, value: { value, quality: state.quality, ...(state.sourceTime === undefined ? {} : { sourceTime: state.sourceTime }), tags: referencedTags(expr) } };
  } catch (error) {
    if (error instanceof ExpressionFailure) return { ok: false, error: expressionError(text, error.offset, error.message) };
    throw error;
  }
}

/** What an evaluation gathers besides its value: the worst quality and oldest source time it read. */
export interface EvaluationState {
  quality: Quality;
  sourceTime?: number | undefined;
}
type State = EvaluationState;

/**
 * The value alone, for the runtime's expression tags (no Result, no list of tags: it runs a million
 * times a second). Throws `ExpressionFailure` where `evaluateExpression` returns an error.
 */
export function evaluateValue(expr: Expr, context: ExpressionContext, state: EvaluationState): ExprValue {
  return evaluate(expr, context, state);
}

function evaluate(e: Expr, ctx: ExpressionContext, state: State): ExprValue {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'constant':
      return CONSTANTS.get(e.name) ?? null;
    case 'tag': {
      const dv = ctx.read(e.path);
      if (dv === undefined) {
        state.quality = worseQuality(state.quality, 'BadWaitingForInitialData');
        return null;
      }
      state.quality = worseQuality(state.quality, dv.quality);
      if (dv.sourceTime !== undefined) state.sourceTime = Math.min(state.sourceTime ?? dv.sourceTime, dv.sourceTime);
      return checkValue(dv.value, e.start, e.path);
    }
    case 'tagProperty':
      return tagProperty(e.path, e.property, e.start, ctx, state);
    case 'unary': {
      const v = evaluate(e.operand, ctx, state);
      if (v === null) return null;
      if (e.op === '-') {
        if (typeof v !== 'number') throw new ExpressionFailure(e.start, `cannot negate ${typeName(v)}`);
        return -v;
      }
      if (typeof v !== 'boolean') throw new ExpressionFailure(e.start, `"not" needs true or false, not ${typeName(v)}`);
      return !v;
    }
    case 'binary':
      return binary(e, ctx, state);
    case 'conditional': {
      const test = evaluate(e.test, ctx, state);
      if (test === null) return null;
      if (typeof test !== 'boolean') throw new ExpressionFailure(e.test.start, `a condition must be true or false, not ${typeName(test)}`);
      return evaluate(test ? e.then : e.otherwise, ctx, state);
    }
    case 'call': {
      if (e.name === 'if') return ifCall(e, ctx, state);
      if (e.name === 'ifBad') return ifBad(e, ctx, state);
      if (e.name === 'now') return ctx.now ? ctx.now() : Date.now();
      if (e.name === 'secondsSince' || e.name === 'rate') return tagHistory(e, ctx, state);
      const fn = FUNCTIONS.get(e.name);
      if (!fn) throw new ExpressionFailure(e.start, `unknown function "${e.name}"`);
      const args = e.args.map((a) => evaluate(a, ctx, state));
      try {
        return finite(fn.apply(args), e.start);
      } catch (error) {
        if (error instanceof ArgumentError) throw new ExpressionFailure(e.args[error.arg]?.start ?? e.start, error.message);
        throw error;
      }
    }
  }
}

type Call = Extract<Expr, { kind: 'call' }>;

function ifCall(e: Call, ctx: ExpressionContext, state: State): ExprValue {
  const test = evaluate(e.args[0]!, ctx, state);
  if (test === null) return null;
  if (typeof test !== 'boolean') throw new ExpressionFailure(e.args[0]!.start, `a condition must be true or false, not ${typeName(test)}`);
  return evaluate(test ? e.args[1]! : e.args[2]!, ctx, state);
}

/** The first argument unless what it read is bad; then the fallback, marked as a substitute (never passed off as good). */
function ifBad(e: Call, ctx: ExpressionContext, state: State): ExprValue {
  const inner: State = { quality: 'Good' };
  const value = evaluate(e.args[0]!, ctx, inner);
  if (severityOf(inner.quality) !== 'bad' && value !== null) {
    state.quality = worseQuality(state.quality, inner.quality);
    if (inner.sourceTime !== undefined) state.sourceTime = Math.min(state.sourceTime ?? inner.sourceTime, inner.sourceTime);
    return value;
  }
  state.quality = worseQuality(state.quality, 'UncertainSubstituteValue');
  return evaluate(e.args[1]!, ctx, state);
}

/** `secondsSince({tag})` and `rate({tag})`: read the tag's quality and time, then its history. */
function tagHistory(e: Call, ctx: ExpressionContext, state: State): ExprValue {
  const ref = e.args[0] as Extract<Expr, { kind: 'tag' }>;
  const dv = ctx.read(ref.path);
  if (dv === undefined) {
    state.quality = worseQuality(state.quality, 'BadWaitingForInitialData');
    return null;
  }
  state.quality = worseQuality(state.quality, dv.quality);
  if (e.name === 'secondsSince') {
    const since = ctx.changedAt?.(ref.path) ?? dv.sourceTime;
    if (since === undefined) return null;
    const now = ctx.now ? ctx.now() : Date.now();
    return Math.max(0, (now - since) / 1000);
  }
  const before = ctx.previous?.(ref.path);
  const value = checkValue(dv.value, ref.start, ref.path);
  if (before === undefined || dv.sourceTime === undefined || typeof value !== 'number' || typeof before.value !== 'number') {
    // No earlier value to compare with (yet): no rate, and the quality says so.
    state.quality = worseQuality(state.quality, 'BadWaitingForInitialData');
    return null;
  }
  const seconds = (dv.sourceTime - before.sourceTime) / 1000;
  return seconds > 0 ? (value - before.value) / seconds : 0;
}

function checkValue(v: unknown, at: number, path: string): ExprValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new ExpressionFailure(at, `tag ${path} holds a ${typeof v}, not a number, text or true/false`);
}

function tagProperty(path: string, property: string, at: number, ctx: ExpressionContext, state: State): ExprValue {
  if (property === 'value') return evaluate({ kind: 'tag', path, start: at, end: at }, ctx, state);
  if (property === 'units' || property === 'decimals') {
    const info = ctx.info?.(path);
    return info === undefined ? null : property === 'units' ? info.units : info.decimals;
  }
  // Asking about quality is answered reliably even when the value is bad: it does not degrade the result.
  const quality = ctx.read(path)?.quality ?? 'BadWaitingForInitialData';
  if (property === 'quality') return quality;
  return severityOf(quality) === property;
}

function finite(v: ExprValue, at: number): ExprValue {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new ExpressionFailure(at, 'the result is not a finite number');
  return v;
}

function binary(e: Extract<Expr, { kind: 'binary' }>, ctx: ExpressionContext, state: State): ExprValue {
  if (e.op === '&&' || e.op === '||') {
    const left = evaluate(e.left, ctx, state);
    if (left !== null && typeof left !== 'boolean') throw new ExpressionFailure(e.left.start, `"${e.op}" needs true or false, not ${typeName(left)}`);
    if (left === (e.op === '||')) return left;
    const right = evaluate(e.right, ctx, state);
    if (right !== null && typeof right !== 'boolean') throw new ExpressionFailure(e.right.start, `"${e.op}" needs true or false, not ${typeName(right)}`);
    if (left === null) return right === (e.op === '||') ? right : null;
    return right;
  }
  const left = evaluate(e.left, ctx, state);
  const right = evaluate(e.right, ctx, state);
  if (e.op === '==') return left === right;
  if (e.op === '!=') return left !== right;
  if (left === null || right === null) return null;
  if (e.op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=') {
    const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
    if (!comparable) throw new ExpressionFailure(e.start, `cannot compare ${typeName(left)} with ${typeName(right)}`);
    return e.op === '<' ? left < right : e.op === '<=' ? left <= right : e.op === '>' ? left > right : left >= right;
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    const hint = e.op === '+' ? ' (use concat() or format() to build text)' : '';
    throw new ExpressionFailure(e.start, `cannot apply "${e.op}" to ${typeName(left)} and ${typeName(right)}${hint}`);
  }
  if ((e.op === '/' || e.op === '%') && right === 0) throw new ExpressionFailure(e.right.start, 'division by zero');
  const result = e.op === '+' ? left + right : e.op === '-' ? left - right : e.op === '*' ? left * right : e.op === '/' ? left / right : left % right;
  return finite(result, e.start);
}
