import { describe, expect, it } from 'vitest';
import { dataValue } from '../../common/data-value.ts';
import { checkBinding, completeTagPath, insertTagPath, previewBinding, tagPrefixAt } from '../../renderer/editor/inspector/binding-check.ts';
import { checkPropValue, propFields } from '../../renderer/editor/inspector/prop-fields.ts';
import { SYMBOLS } from '../../screens/symbols/symbol-registry.ts';

describe('editor inspector fields from the props schema', () => {
  it('reads number, string, colour, boolean and enum fields with titles and limits from every symbol', () => {
    const tank = propFields(SYMBOLS.get('tank')!.props);
    expect(tank.map((f) => [f.key, f.kind])).toEqual([
      ['label', 'string'],
      ['min', 'number'],
      ['max', 'number'],
      ['units', 'string'],
      ['decimals', 'number'],
      ['showValue', 'boolean'],
    ]);
    expect(tank.find((f) => f.key === 'decimals')).toMatchObject({ title: 'Decimals', integer: true, min: 0, max: 10 });
    const rect = propFields(SYMBOLS.get('rectangle')!.props);
    expect(rect.find((f) => f.key === 'fill')).toMatchObject({ kind: 'colour', title: 'Fill' });
    expect(propFields(SYMBOLS.get('pump')!.props).find((f) => f.key === 'orientation')).toMatchObject({ kind: 'enum', options: ['left', 'right', 'up', 'down'] });
    expect(propFields(SYMBOLS.get('pipe')!.props).find((f) => f.key === 'points')?.kind).toBe('json');
    for (const symbol of SYMBOLS.values()) for (const f of propFields(symbol.props)) expect(f.title, `${symbol.type}.${f.key}`).not.toBe(f.key);
  });

  it('checks a value with the schema and says why it is wrong', () => {
    const props = SYMBOLS.get('tank')!.props;
    expect(checkPropValue(props, 'decimals', 3)).toBeUndefined();
    expect(checkPropValue(props, 'decimals', 11)).toMatch(/10/);
    expect(checkPropValue(props, 'nope', 1)).toBe('unknown property nope');
  });
});

describe('editor binding checks, preview and autocomplete', () => {
  const known = new Set(['Line1/Tank101/Level', 'Line1/TransferPump1/Running']);
  it('reports a syntax error with its position', () => {
    const check = checkBinding('{Line1/Tank101/Level} > ', known);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatchObject({ line: 1, column: 25 });
  });

  it('flags tags the project does not have', () => {
    expect(checkBinding('{Line1/Tank101/Level} + {Line1/Nope}', known)).toEqual({ ok: true, tags: ['Line1/Tank101/Level', 'Line1/Nope'], unknownTags: ['Line1/Nope'] });
  });

  it('previews the value from live tags, with its quality', () => {
    const live = {
      value: (p: string) => (p === 'Line1/Tank101/Level' ? dataValue(42.5, 'Good', 1) : undefined),
      info: () => undefined,
    };
    const preview = previewBinding('{Line1/Tank101/Level} * 2', live);
    expect(preview.ok && preview.value).toMatchObject({ value: 85, quality: 'Good' });
    const missing = previewBinding('{Line1/Nope}', live);
    expect(missing.ok && missing.value).toMatchObject({ value: null, quality: 'BadWaitingForInitialData' });
    expect(previewBinding('"a" * 2', live).ok).toBe(false);
  });

  it('completes the tag path being typed and closes the brace', () => {
    expect(tagPrefixAt('{Line1/Ta', 9)).toEqual({ start: 1, prefix: 'Line1/Ta' });
    expect(tagPrefixAt('{A} > 1', 7)).toBeUndefined();
    expect(completeTagPath([...known, 'Line2/Tank'], 'tank')).toEqual(['Line1/Tank101/Level', 'Line2/Tank']);
    expect(completeTagPath([...known], 'line1/t')).toEqual(['Line1/Tank101/Level', 'Line1/TransferPump1/Running']);
    expect(insertTagPath('{Line1/Ta', 9, 'Line1/Tank101/Level')).toEqual({ text: '{Line1/Tank101/Level}', caret: 21 });
    expect(insertTagPath('{Li} > 5', 3, 'Line1/Tank101/Level')).toEqual({ text: '{Line1/Tank101/Level} > 5', caret: 21 });
    expect(insertTagPath('1 + ', 4, 'A/B')).toEqual({ text: '1 + {A/B}', caret: 9 });
  });
});
