import { describe, expect, it } from 'vitest';
import { newSymbolElement, newTemplateInstance } from '../../renderer/editor/model/new-element.ts';
import { collectIds } from '../../renderer/editor/model/elements.ts';
import { screenDocumentProblems } from '../../screens/screen-document.ts';
import { SYMBOLS } from '../../screens/symbols/symbol-registry.ts';
import { PUMP_TILE } from './editor-template-fixture.ts';
import { el, expectUndoable, run, stateWith } from './editor-fixtures.ts';

describe('editor adding and editing elements', () => {
  it('places a palette symbol centred on the drop point with default props, selected', () => {
    const start = stateWith([{ id: 'tank-1', x: 0, y: 0, width: 5, height: 5 }]);
    const tank = newSymbolElement(SYMBOLS.get('tank')!, { x: 200, y: 300 }, collectIds(start.doc.elements));
    const s = expectUndoable(start, { type: 'add', element: tank });
    expect(el(s, 'tank-2')).toMatchObject({ kind: 'symbol', symbol: 'tank', x: 160, y: 240, width: 80, height: 120, props: { min: 0, max: 100, showValue: true } });
    expect(s.selection).toEqual(['tank-2']);
    expect(screenDocumentProblems(s.doc).problems).toEqual([]);
    expect(run(s, { type: 'add', element: tank }).doc).toBe(s.doc);
  });

  it('places a template instance with its parameter defaults', () => {
    const instance = newTemplateInstance(PUMP_TILE, { x: 100, y: 100 }, new Set());
    expect(instance).toMatchObject({ kind: 'template', template: 'pump-tile', params: { title: 'Pump' }, width: 100, height: 80, x: 50, y: 60 });
  });

  it('sets props, bindings (blank removes), names and template parameters, each one step', () => {
    const start = stateWith([{ x: 0, y: 0, width: 5, height: 5 }]);
    expect(el(expectUndoable(start, { type: 'setProps', id: 'a', props: { fill: 'process-dark' } }), 'a')).toMatchObject({ props: { fill: 'process-dark' } });
    const bound = expectUndoable(start, { type: 'setBinding', id: 'a', property: 'visible', expression: '  {A/B} > 1 ' });
    expect(el(bound, 'a').bindings).toEqual({ visible: '{A/B} > 1' });
    expect(el(expectUndoable(bound, { type: 'setBinding', id: 'a', property: 'visible', expression: ' ' }), 'a').bindings).toEqual({});
    const named = expectUndoable(start, { type: 'setName', id: 'a', name: ' Feed tank ' });
    expect(el(named, 'a').name).toBe('Feed tank');
    expect('name' in el(run(named, { type: 'setName', id: 'a', name: '' }), 'a')).toBe(false);
    const inst = stateWith([]);
    const withTile = run(inst, { type: 'add', element: newTemplateInstance(PUMP_TILE, { x: 100, y: 100 }, new Set()) });
    expect(el(expectUndoable(withTile, { type: 'setParams', id: 'pump-tile-1', params: { pump: 'Line1/TransferPump1' } }), 'pump-tile-1')).toMatchObject({ params: { pump: 'Line1/TransferPump1', title: 'Pump' } });
  });

  it('changes the screen name, level and size; a template keeps only what templates have', () => {
    const start = stateWith([]);
    const s = expectUndoable(start, { type: 'setDocument', changes: { name: 'Filler', level: 'area', size: { width: 1280, height: 720 } } });
    expect(s.doc).toMatchObject({ name: 'Filler', level: 'area', size: { width: 1280, height: 720 } });
    expect(run(start, { type: 'setDocument', changes: {} }).doc).toBe(start.doc);
    const template = run({ ...start, doc: PUMP_TILE, saved: PUMP_TILE }, { type: 'setDocument', changes: { name: 'Tile', level: 'area' } });
    expect(template.doc).toMatchObject({ kind: 'template', name: 'Tile' });
    expect('level' in template.doc).toBe(false);
  });

  it("edits a template's declared parameters, and only a template's", () => {
    const start = { ...stateWith([]), doc: PUMP_TILE, saved: PUMP_TILE };
    const params = [...PUMP_TILE.params, { name: 'limit', type: 'number' as const, description: 'speed alarm limit', default: 80 }];
    const s = expectUndoable(start, { type: 'setTemplateParams', params });
    expect(s.doc.kind === 'template' && s.doc.params.map((p) => p.name)).toEqual(['pump', 'title', 'limit']);
    const screen = stateWith([]);
    expect(run(screen, { type: 'setTemplateParams', params }).doc).toBe(screen.doc);
  });
});
