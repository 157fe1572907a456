import { ok, type Result } from '../../common/result.ts';
import { isTagProperty, TAG_FUNCTIONS, TAG_PROPERTIES, type BinaryOp, type Expr } from './ast.ts';
import { expressionError, ExpressionFailure, type ExpressionError } from './expression-error.ts';
import { CONSTANTS, FUNCTIONS } from './functions.ts';
import { tokenize, type Operator, type ParameterValues, type Token } from './tokenizer.ts';

/** Nesting deeper than this is refused: no binding needs it, and it bounds the evaluator's recursion. */
export const MAX_EXPRESSION_DEPTH = 32;
export const MAX_CALL_ARGUMENTS = 16;

const BINARY_PRECEDENCE: Readonly<Partial<Record<Operator, number>>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const WORD_OPERATORS: Readonly<Record<string, BinaryOp>> = { and: '&&', or: '||' };
const KEYWORD_LITERALS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };
const UNARY_PRECEDENCE = 7;

export interface ParseOptions {
  /** Template parameter values for `{{name}}` placeholders; a placeholder without a value is an error. */
  params?: ParameterValues;
}

export function parseExpression(text: string, options: ParseOptions = {}): Result<Expr, ExpressionError> {
  try {
    const parser = new Parser(tokenize(text, options.params));
    const expr = parser.expression(0, 0);
    parser.expectEnd();
    return ok(expr);
  } catch (error) {
    if (error instanceof ExpressionFailure) return { ok: false, error: expressionError(text, error.offset, error.message) };
    throw error;
  }
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isOp(op: Operator): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.op === op;
  }

  private expectOp(op: Operator, what: string): Token {
    const t = this.peek();
    if (t.kind === 'op' && t.op === op) return this.next();
    throw new ExpressionFailure(t.start, `expected "${op}" ${what}, found ${describe(t)}`);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'eof') throw new ExpressionFailure(t.start, `unexpected ${describe(t)}`);
  }

  /** Pratt loop: conditional binds loosest, then the binary table, then unary and postfix. */
  expression(minPrecedence: number, depth: number): Expr {
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionFailure(this.peek().start, `expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    }
    let left = this.prefix(depth);
    for (;;) {
      const t = this.peek();
      const op = t.kind === 'op' ? t.op : t.kind === 'ident' && Object.hasOwn(WORD_OPERATORS, t.name) ? WORD_OPERATORS[t.name] : undefined;
      if (op === '?' && minPrecedence === 0) {
        this.next();
        const then = this.expression(0, depth + 1);
        this.expectOp(':', 'in a conditional (a ? b : c)');
        const otherwise = this.expression(0, depth + 1);
        left = { kind: 'conditional', test: left, then, otherwise, start: left.start, end: otherwise.end };
        continue;
      }
      const precedence = op === undefined || !Object.hasOwn(BINARY_PRECEDENCE, op) ? undefined : BINARY_PRECEDENCE[op as Operator];
      if (precedence === undefined || precedence <= minPrecedence) return left;
      this.next();
      const right = this.expression(precedence, depth + 1);
      left = { kind: 'binary', op: op as BinaryOp, left, right, start: left.start, end: right.end };
    }
  }

  private prefix(depth: number): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'string':
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'param':
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'tag':
        return this.tagMember(t.path, t.start, t.end);
      case 'ident':
        return this.identifier(t.name, t.start, t.end, depth);
      case 'op':
        if (t.op === '-' || t.op === '!') {
          const operand = this.expression(UNARY_PRECEDENCE, depth + 1);
          return { kind: 'unary', op: t.op, operand, start: t.start, end: operand.end };
        }
        if (t.op === '(') {
          const inner = this.expression(0, depth + 1);
          this.expectOp(')', 'to close "("');
          return inner;
        }
        throw new ExpressionFailure(t.start, `unexpected ${describe(t)}`);
      case 'eof':
        throw new ExpressionFailure(t.start, 'unexpected end of expression');
    }
  }

  private tagMember(path: string, start: number, end: number): Expr {
    if (!this.isOp('.')) return { kind: 'tag', path, start, end };
    this.next();
    const name = this.next();
    if (name.kind !== 'ident') throw new ExpressionFailure(name.start, `expected a tag property (${TAG_PROPERTIES.join(', ')})`);
    if (!isTagProperty(name.name)) {
      throw new ExpressionFailure(name.start, `"${name.name}" is not a tag property (${TAG_PROPERTIES.join(', ')})`);
    }
    if (this.isOp('.')) throw new ExpressionFailure(this.peek().start, 'a tag property has no properties');
    return { kind: 'tagProperty', path, property: name.name, start, end: name.end };
  }

  private identifier(name: string, start: number, end: number, depth: number): Expr {
    if (Object.hasOwn(KEYWORD_LITERALS, name)) return { kind: 'literal', value: KEYWORD_LITERALS[name] ?? null, start, end };
    if (name === 'not') {
      const operand = this.expression(UNARY_PRECEDENCE, depth + 1);
      return { kind: 'unary', op: '!', operand, start, end: operand.end };
    }
    if (name === 'if' && !this.callFollows()) return this.ifThenElse(start, depth);
    if (this.isOp('(')) {
      if (!FUNCTIONS.has(name)) throw new ExpressionFailure(start, `unknown function "${name}" (known: ${[...FUNCTIONS.keys()].join(', ')})`);
      return this.call(name, start, depth);
    }
    if (CONSTANTS.has(name)) return { kind: 'constant', name, start, end };
    throw new ExpressionFailure(start, `unknown name "${name}" (tags are written in braces, e.g. {Line1/Tank101/Level})`);
  }

  /** `if(` starts the function form only when a comma follows inside the parentheses: `if (a > 1) then ...` is the keyword form. */
  private callFollows(): boolean {
    if (!this.isOp('(')) return false;
    let level = 0;
    for (let i = this.index; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== 'op') continue;
      if (t.op === '(') level++;
      else if (t.op === ')' && --level === 0) return false;
      else if (t.op === ',' && level === 1) return true;
    }
    return false;
  }

  /** `if test then a else b`: the same node as `test ? a : b`. */
  private ifThenElse(start: number, depth: number): Expr {
    const test = this.expression(0, depth + 1);
    this.expectWord('then', 'after the condition of "if"');
    const then = this.expression(0, depth + 1);
    this.expectWord('else', 'in "if ... then ... else ..."');
    const otherwise = this.expression(0, depth + 1);
    return { kind: 'conditional', test, then, otherwise, start, end: otherwise.end };
  }

  private expectWord(word: string, what: string): void {
    const t = this.peek();
    if (t.kind === 'ident' && t.name === word) {
      this.next();
      return;
    }
    throw new ExpressionFailure(t.start, `expected "${word}" ${what}, found ${describe(t)}`);
  }

  private call(name: string, start: number, depth: number): Expr {
    this.expectOp('(', 'after the function name');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        if (args.length >= MAX_CALL_ARGUMENTS) throw new ExpressionFailure(this.peek().start, `more than ${MAX_CALL_ARGUMENTS} arguments`);
        args.push(this.expression(0, depth + 1));
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    const close = this.expectOp(')', `to close the arguments of ${name}(`);
    const fn = FUNCTIONS.get(name);
    if (fn && (args.length < fn.minArgs || args.length > fn.maxArgs)) {
      const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new ExpressionFailure(start, `${name}() takes ${expected} argument${expected === '1' ? '' : 's'}, not ${args.length}`);
    }
    if (TAG_FUNCTIONS.has(name) && args[0]?.kind !== 'tag') {
      throw new ExpressionFailure(args[0]?.start ?? start, `${name}() takes a tag reference, e.g. ${name}({Line1/Pump1/Running})`);
    }
    return { kind: 'call', name, args, start, end: close.end };
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of expression';
    case 'op':
      return `"${t.op}"`;
    case 'ident':
      return `"${t.name}"`;
    case 'number':
      return `number ${t.value}`;
    case 'string':
      return 'a string';
    case 'tag':
      return `tag {${t.path}}`;
    case 'param':
      return `parameter {{${t.name}}}`;
  }
}
