import { describe, expect, it } from 'vitest';
import { referencedTags } from '../../screens/expression/ast.ts';
import { compileBinding } from '../../screens/expression/compile.ts';
import { describeExpressionError } from '../../screens/expression/expression-error.ts';
import { parseExpression } from '../../screens/expression/parser.ts';
import { printExpression } from '../../screens/expression/print.ts';

function parse(text: string, params?: Record<string, string | number>) {
  const result = parseExpression(text, params ? { params } : {});
  if (!result.ok) throw new Error(describeExpressionError(result.error));
  return result.value;
}

function parseError(text: string, params?: Record<string, string | number>) {
  const result = parseExpression(text, params ? { params } : {});
  if (result.ok) throw new Error(`expected "${text}" to fail`);
  return result.error;
}

describe('expression parsing', () => {
  it.each([
    ['1 + 2 * 3', '1 + (2 * 3)'],
    ['(1 + 2) * 3', '(1 + 2) * 3'],
    ['1 - 2 - 3', '(1 - 2) - 3'],
    ['-{A/B} * 2', '(-{A/B}) * 2'],
    ['not {A} and {B} or {C}', '((!{A}) && {B}) || {C}'],
    ['!{A} && {B} || {C}', '((!{A}) && {B}) || {C}'],
    ['{A} > 1 ? "hi" : \'lo\'', '({A} > 1) ? "hi" : "lo"'],
    ['a ? b : c ? d : e'.replace(/[a-e]/g, (c) => `{${c.toUpperCase()}}`), '{A} ? {B} : ({C} ? {D} : {E})'],
    ['{A} == 2 != false', '({A} == 2) != false'],
    ['{ Line1/Tank101/Level }.quality', '{Line1/Tank101/Level}.quality'],
    ['format({X}, 2, "%")', 'format({X}, 2, "%")'],
    ['1.5e3 + .5', '1500 + 0.5'],
    ['"a\\"b\\n"', '"a\\"b\\n"'],
    ['PI * 2', 'PI * 2'],
    ['null == {A}', 'null == {A}'],
  ])('%s', (text, printed) => {
    const ast = parse(text);
    expect(printExpression(ast)).toBe(printed);
    // Printing is a fixed point: what it prints parses to the same text again.
    expect(printExpression(parse(printExpression(ast)))).toBe(printed);
  });

  it('lists referenced tags once each, in order, from every branch', () => {
    const ast = parse('{B} ? {A}.good : max({C}, {A}, {B}.units)');
    expect(referencedTags(ast)).toEqual(['B', 'A', 'C']);
  });

  it('substitutes template parameters inside tag references and as literals', () => {
    const ast = parse('{ {{pump}}/Speed } > {{limit}} ? {{title}} : {Line1/{{unit}}/State}', { pump: 'Line1/Pump1', limit: 50, title: 'fast', unit: 'Filler' });
    expect(printExpression(ast)).toBe('({Line1/Pump1/Speed} > 50) ? "fast" : {Line1/Filler/State}');
    expect(printExpression(parse('{{{pump}}/Speed}', { pump: 'P1' }))).toBe('{P1/Speed}');
  });

  it('a text parameter is data, never code', () => {
    const ast = parse('{{title}}', { title: '" + {Secret/Tag} + "' });
    expect(ast).toMatchObject({ kind: 'literal', value: '" + {Secret/Tag} + "' });
    expect(referencedTags(ast)).toEqual([]);
    expect(parseError('{ {{pump}}/Speed }', { pump: 'X} + {Y' }).message).toMatch(/not a tag path/);
  });
});

describe('expression errors name the position', () => {
  it.each([
    ['{A} + ', 6, 'unexpected end of expression'],
    ['{A} + )', 6, 'unexpected ")"'],
    ['(1 + 2', 6, 'expected ")"'],
    ['1 +* 2', 3, 'unexpected "*"'],
    ['{A} = 1', 4, 'use == to compare'],
    ['{A} & {B}', 4, 'use &&'],
    ['"open', 0, 'string is not closed'],
    ['{Line1/Tank', 0, 'tag reference is not closed'],
    ['{}', 0, 'empty tag reference'],
    ['{Line 1/Tank}', 0, 'not a tag path'],
    ['speed + 1', 0, 'unknown name "speed"'],
    ['sin(1)', 0, 'unknown function "sin"'],
    ['round()', 0, 'round() takes 1 to 2 arguments, not 0'],
    ['abs(1, 2)', 0, 'abs() takes 1 argument, not 2'],
    ['{A}.colour', 4, '"colour" is not a tag property'],
    ['{A}.quality.good', 11, 'a tag property has no properties'],
    ['1 2', 2, 'unexpected number 2'],
    ['12abc', 2, 'after number'],
    ['{{pump}}', 0, 'unknown template parameter "{{pump}}"'],
    ['"\\x"', 1, 'unknown escape'],
    ['{A} ? 1', 7, 'expected ":"'],
  ])('%s', (text, offset, message) => {
    const error = parseError(text);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });

  it('gives line, column and a caret excerpt on the right line', () => {
    const error = parseError('{A} +\n  2 *\n  ) ');
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error.excerpt).toBe('  ) \n  ^');
    expect(describeExpressionError(error, 'fill')).toBe('fill: unexpected ")" at 3:3\n  ) \n  ^');
  });

  it('names the binding in a compiled binding problem', () => {
    const result = compileBinding('elements[3].bindings.fill', '{A} >');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path).toBe('elements[3].bindings.fill');
    expect(result.error.message).toMatch(/^elements\[3\]\.bindings\.fill: unexpected end of expression at 1:6\n\{A\} >\n {5}\^$/);
  });
});
