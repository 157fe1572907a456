import { describe, expect, it } from 'vitest';
import { elementAt } from '../../renderer/editor/model/selection.ts';
import { run, stateWith } from './editor-fixtures.ts';

const three = () =>
  stateWith([
    { x: 0, y: 0, width: 100, height: 100 },
    { x: 50, y: 50, width: 100, height: 100 },
    { x: 400, y: 0, width: 100, height: 20, rotation: 90 },
  ]);

describe('editor selection', () => {
  it('a click selects the topmost element under the pointer, empty space clears', () => {
    expect(run(three(), { type: 'clickSelect', at: { x: 60, y: 60 }, shift: false }).selection).toEqual(['b']);
    expect(run(three(), { type: 'clickSelect', at: { x: 10, y: 10 }, shift: false }).selection).toEqual(['a']);
    expect(run(stateWith([{ x: 0, y: 0, width: 9, height: 9 }], ['a']), { type: 'clickSelect', at: { x: 300, y: 300 }, shift: false }).selection).toEqual([]);
  });

  it('hit testing follows rotation', () => {
    const s = three();
    // c is 100x20 about (450, 10), turned 90°: it covers x 440..460, y -40..60.
    expect(elementAt(s.doc.elements, { x: 450, y: 50 })?.id).toBe('c');
    expect(elementAt(s.doc.elements, { x: 495, y: 10 })).toBeUndefined();
  });

  it('shift-click toggles an element in and out, shift on empty space keeps the selection', () => {
    const s = run(three(), { type: 'clickSelect', at: { x: 10, y: 10 }, shift: false }, { type: 'clickSelect', at: { x: 140, y: 140 }, shift: true });
    expect(s.selection).toEqual(['a', 'b']);
    expect(run(s, { type: 'clickSelect', at: { x: 10, y: 10 }, shift: true }).selection).toEqual(['b']);
    expect(run(s, { type: 'clickSelect', at: { x: 700, y: 700 }, shift: true }).selection).toEqual(['a', 'b']);
  });

  it('a marquee selects what it touches; with shift it adds', () => {
    const s = run(three(), { type: 'marqueeSelect', box: { x: 120, y: 120, width: 300, height: 300 }, shift: false });
    expect(s.selection).toEqual(['b']);
    expect(run(s, { type: 'marqueeSelect', box: { x: 410, y: 0, width: 5, height: 5 }, shift: true }).selection).toEqual(['b', 'c']);
    expect(run(s, { type: 'marqueeSelect', box: { x: 700, y: 700, width: 5, height: 5 }, shift: false }).selection).toEqual([]);
  });

  it('select keeps only ids that exist, in drawing order', () => {
    expect(run(three(), { type: 'select', ids: ['c', 'nope', 'a'] }).selection).toEqual(['a', 'c']);
  });
});
