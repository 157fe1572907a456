import { describe, expect, it } from 'vitest';
import type { AlignEdge } from '../../renderer/editor/model/arrange.ts';
import { el, expectUndoable, ids, run, stateWith } from './editor-fixtures.ts';

const row = () =>
  stateWith(
    [
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 30, y: 40, width: 20, height: 30 },
      { x: 100, y: 20, width: 40, height: 20 },
    ],
    ['a', 'b', 'c'],
  );

describe('editor align, distribute, z-order', () => {
  const cases: [AlignEdge, 'x' | 'y', number[]][] = [
    ['left', 'x', [0, 0, 0]],
    ['centre', 'x', [65, 60, 50]],
    ['right', 'x', [130, 120, 100]],
    ['top', 'y', [0, 0, 0]],
    ['middle', 'y', [30, 20, 25]],
    ['bottom', 'y', [60, 40, 50]],
  ];
  it.each(cases)('aligns %s', (edge, axis, expected) => {
    const s = expectUndoable(row(), { type: 'align', edge });
    expect(['a', 'b', 'c'].map((id) => el(s, id)[axis])).toEqual(expected);
  });

  it('aligns a single element to the screen', () => {
    const s = run(stateWith([{ x: 5, y: 5, width: 100, height: 50 }], ['a']), { type: 'align', edge: 'centre' }, { type: 'align', edge: 'bottom' });
    expect(el(s, 'a')).toMatchObject({ x: 450, y: 750 });
  });

  it('distributes with equal gaps, keeping the outermost in place', () => {
    const h = expectUndoable(row(), { type: 'distribute', axis: 'horizontal' });
    // Span 0..140, widths 70 → gaps 35: a 0..10, b 45..65, c 100.
    expect(['a', 'b', 'c'].map((id) => el(h, id).x)).toEqual([0, 45, 100]);
    const v = run(row(), { type: 'distribute', axis: 'vertical' });
    // Sorted by y: a(0,h10) c(20,h20) b(40,h30): span 0..70, sizes 60 → gaps 5: a 0, c 15, b 40.
    expect(['a', 'c', 'b'].map((id) => el(v, id).y)).toEqual([0, 15, 40]);
    expect(run(row(), { type: 'select', ids: ['a', 'b'] }, { type: 'distribute', axis: 'horizontal' }).past).toHaveLength(0);
  });

  it('brings to front, sends to back, one step forward and backward', () => {
    const four = () =>
      stateWith(
        [
          { x: 0, y: 0, width: 1, height: 1 },
          { x: 0, y: 0, width: 1, height: 1 },
          { x: 0, y: 0, width: 1, height: 1 },
          { x: 0, y: 0, width: 1, height: 1 },
        ],
        ['b'],
      );
    expect(ids(expectUndoable(four(), { type: 'zOrder', move: 'front' }))).toEqual(['a', 'c', 'd', 'b']);
    expect(ids(expectUndoable(four(), { type: 'zOrder', move: 'back' }))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(expectUndoable(four(), { type: 'zOrder', move: 'forward' }))).toEqual(['a', 'c', 'b', 'd']);
    expect(ids(expectUndoable(four(), { type: 'zOrder', move: 'backward' }))).toEqual(['b', 'a', 'c', 'd']);
    const pair = run(four(), { type: 'select', ids: ['a', 'b'] }, { type: 'zOrder', move: 'forward' });
    expect(ids(pair)).toEqual(['c', 'a', 'b', 'd']);
    expect(run(four(), { type: 'select', ids: ['d'] }, { type: 'zOrder', move: 'front' }).past).toHaveLength(0);
  });
});
