import { describe, expect, it } from 'vitest';
import { compileBinding } from '../../screens/expression/compile.ts';
import type { ExpressionContext } from '../../screens/expression/evaluate.ts';
import { MAX_EXPRESSION_DEPTH, parseExpression } from '../../screens/expression/parser.ts';
import { MAX_EXPRESSION_LENGTH } from '../../screens/expression/tokenizer.ts';

function refused(text: string): string {
  const result = parseExpression(text);
  if (result.ok) throw new Error(`"${text}" parsed: ${JSON.stringify(result.value)}`);
  return result.error.message;
}

const reads: string[] = [];
const context: ExpressionContext = {
  read(path) {
    reads.push(path);
    return { value: 1, quality: 'Good' };
  },
};

describe('expressions cannot reach globals or the prototype chain', () => {
  it.each([
    'constructor',
    '__proto__',
    'prototype',
    'globalThis',
    'window',
    'process',
    'require("fs")',
    'eval("1")',
    'Function("return 1")()',
    'this',
    'self',
    'Object',
    'Math.max(1, 2)',
    'toString()',
    'valueOf()',
    'hasOwnProperty("x")',
    '__defineGetter__("a", 1)',
    'import("x")',
    'new Date()',
    'Infinity',
    'NaN',
    'undefined',
  ])('%s is an unknown name or function', (text) => {
    expect(refused(text)).toMatch(/unknown (name|function)|unexpected/);
  });

  it.each(['{A}.constructor', '{A}.__proto__', '{A}.prototype', '{A}.toString', '{A}.valueOf', '{A}.hasOwnProperty', '{A}.__lookupGetter__'])('%s is not a tag property', (text) => {
    expect(refused(text)).toMatch(/is not a tag property/);
  });

  it.each(['"abc".length', '(1).constructor', 'max(1, 2).constructor', '{A}.value.constructor', '"x"["constructor"]', '{A}["value"]', 'min.call(1)', '(min)(1)', 'PI.constructor'])(
    'member access on anything but a tag is refused: %s',
    (text) => {
      expect(refused(text)).toMatch(/unexpected|no properties|unknown name/);
    },
  );

  it.each(['{A} constructor {B}', '{A} toString {B}', '{A} __proto__ 1', '1 valueOf 2'])('%s: words are operators only when they are and/or', (text) => {
    expect(refused(text)).toMatch(/unexpected/);
  });

  it('strings that look like code stay strings', () => {
    const compiled = compileBinding('text', '"constructor" + "__proto__"');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const result = compiled.value.evaluate(context);
    expect(result.ok && result.value.value).toBe('constructor__proto__');
  });

  it('a tag may be named like a prototype member: it is only a lookup key', () => {
    reads.length = 0;
    const compiled = compileBinding('value', '{constructor} + {toString/prototype}');
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.value.tags).toEqual(['constructor', 'toString/prototype']);
    expect(compiled.value.evaluate(context)).toMatchObject({ ok: true, value: { value: 2 } });
    expect(reads).toEqual(['constructor', 'toString/prototype']);
  });

  it('template parameters named like prototype members are unknown unless given', () => {
    expect(refused('{{constructor}}')).toMatch(/unknown template parameter/);
    expect(refused('{{__proto__}}')).toMatch(/unknown template parameter/);
    expect(refused('{ {{toString}}/X }')).toMatch(/unknown template parameter/);
  });

  it('a value of an unexpected type from the context is refused, not used', () => {
    const sneaky: ExpressionContext = { read: () => ({ value: { toString: () => 'x' } as never, quality: 'Good' }) };
    const compiled = compileBinding('value', '{A} + 1');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const result = compiled.value.evaluate(sneaky);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/holds a object/);
  });

  it('never evaluates through eval or Function', () => {
    const originalEval = globalThis.eval;
    const originalFunction = globalThis.Function;
    let called = false;
    globalThis.eval = (() => {
      called = true;
    }) as never;
    try {
      const compiled = compileBinding('value', 'max({A}, 2) * 3 > 1 ? format(1, 2, "x") : concat("a")');
      if (!compiled.ok) throw new Error(compiled.error.message);
      expect(compiled.value.evaluate(context).ok).toBe(true);
    } finally {
      globalThis.eval = originalEval;
    }
    expect(called).toBe(false);
    expect(globalThis.Function).toBe(originalFunction);
  });
});

describe('expressions are bounded', () => {
  it('refuses text longer than the limit', () => {
    expect(refused('1+'.repeat(MAX_EXPRESSION_LENGTH) + '1')).toMatch(/longer than 2000 characters/);
  });

  it('refuses nesting deeper than the limit, at the place it gets too deep', () => {
    const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH + 5)}1${')'.repeat(MAX_EXPRESSION_DEPTH + 5)}`;
    const result = parseExpression(deep);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/nested more than 32 levels/);
    expect(parseExpression(`${'('.repeat(MAX_EXPRESSION_DEPTH - 1)}1${')'.repeat(MAX_EXPRESSION_DEPTH - 1)}`).ok).toBe(true);
  });

  it.each([
    ['unary chains', '-'.repeat(200) + '1'],
    ['not chains', 'not '.repeat(200) + 'true'],
    ['nested calls', 'abs('.repeat(100) + '1' + ')'.repeat(100)],
    ['nested conditionals', 'true ? '.repeat(100) + '1' + ' : 2'.repeat(100)],
    ['right-nested binaries', Array.from({ length: 60 }, () => '(1 +').join(' ') + ' 1' + ')'.repeat(60)],
  ])('refuses deep %s without overflowing the stack', (_, text) => {
    expect(refused(text)).toMatch(/nested more than/);
  });

  it('long flat expressions within the limits are fine (left-associative chains do not nest the parser)', () => {
    const compiled = compileBinding('value', Array.from({ length: 400 }, () => '1').join('+'));
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.value.evaluate(context)).toMatchObject({ ok: true, value: { value: 400 } });
  });

  it('caps the number of call arguments', () => {
    expect(refused(`concat(${Array.from({ length: 17 }, () => '1').join(', ')})`)).toMatch(/more than 16 arguments/);
  });
});
