import { describe, expect, it } from 'vitest';
import { MIN_SIZE, pointerAngle, resizeBox } from '../../renderer/editor/model/transform.ts';
import { el, expectUndoable, run, stateWith } from './editor-fixtures.ts';

describe('editor move, nudge, resize, rotate', () => {
  it('moves the selection and only the selection; locked elements stay', () => {
    const start = stateWith(
      [
        { x: 0, y: 0, width: 10, height: 10 },
        { x: 50, y: 0, width: 10, height: 10 },
        { x: 90, y: 0, width: 10, height: 10, locked: true },
      ],
      ['a', 'c'],
    );
    const s = expectUndoable(start, { type: 'move', dx: 7.5, dy: -3 });
    expect(el(s, 'a')).toMatchObject({ x: 7.5, y: -3 });
    expect(el(s, 'b')).toBe(el(start, 'b'));
    expect(el(s, 'c')).toMatchObject({ x: 90, y: 0 });
  });

  it('nudges by 1 px, and by 10 px with shift', () => {
    const start = stateWith([{ x: 20, y: 20, width: 10, height: 10 }], ['a']);
    expect(el(expectUndoable(start, { type: 'nudge', direction: 'left', large: false }), 'a')).toMatchObject({ x: 19, y: 20 });
    expect(el(expectUndoable(start, { type: 'nudge', direction: 'down', large: true }), 'a')).toMatchObject({ x: 20, y: 30 });
    expect(el(run(start, { type: 'nudge', direction: 'right', large: true }, { type: 'nudge', direction: 'up', large: false }), 'a')).toMatchObject({ x: 30, y: 19 });
  });

  it('resizes from each of the 8 handles, moving only the edges it holds', () => {
    const box = { x: 100, y: 100, width: 50, height: 40 };
    expect(resizeBox(box, 'se', 10, 20)).toEqual({ x: 100, y: 100, width: 60, height: 60 });
    expect(resizeBox(box, 'nw', 10, 20)).toEqual({ x: 110, y: 120, width: 40, height: 20 });
    expect(resizeBox(box, 'n', 10, -10)).toEqual({ x: 100, y: 90, width: 50, height: 50 });
    expect(resizeBox(box, 'e', 10, 99)).toEqual({ x: 100, y: 100, width: 60, height: 40 });
    expect(resizeBox(box, 's', 10, 5)).toEqual({ x: 100, y: 100, width: 50, height: 45 });
    expect(resizeBox(box, 'w', -5, 5)).toEqual({ x: 95, y: 100, width: 55, height: 40 });
    expect(resizeBox(box, 'ne', 5, 5)).toEqual({ x: 100, y: 105, width: 55, height: 35 });
    expect(resizeBox(box, 'sw', 5, 5)).toEqual({ x: 105, y: 100, width: 45, height: 45 });
  });

  it('never shrinks below the minimum size or flips, and snaps moving edges to the grid', () => {
    const box = { x: 100, y: 100, width: 50, height: 40 };
    expect(resizeBox(box, 'se', -500, -500)).toEqual({ x: 100, y: 100, width: MIN_SIZE, height: MIN_SIZE });
    expect(resizeBox(box, 'nw', 500, 500)).toEqual({ x: 150 - MIN_SIZE, y: 140 - MIN_SIZE, width: MIN_SIZE, height: MIN_SIZE });
    expect(resizeBox(box, 'se', 3, 7, 10)).toEqual({ x: 100, y: 100, width: 50, height: 50 });
  });

  it('resizing a selection of several scales each element within the selection box', () => {
    const start = stateWith(
      [
        { x: 0, y: 0, width: 50, height: 50 },
        { x: 50, y: 50, width: 50, height: 50 },
      ],
      ['a', 'b'],
    );
    const s = expectUndoable(start, { type: 'resize', handle: 'se', dx: 100, dy: 0 });
    expect(el(s, 'a')).toMatchObject({ x: 0, y: 0, width: 100, height: 50 });
    expect(el(s, 'b')).toMatchObject({ x: 100, y: 50, width: 100, height: 50 });
  });

  it('rotates about the centre, snapping to 15° with shift', () => {
    const start = stateWith([{ x: 0, y: 0, width: 40, height: 20 }], ['a']);
    expect(el(expectUndoable(start, { type: 'rotate', by: 22, snap: false }), 'a')).toMatchObject({ rotation: 22, x: 0, y: 0 });
    expect(el(run(start, { type: 'rotate', by: 22, snap: true }), 'a').rotation).toBe(15);
    expect(el(run(start, { type: 'rotate', by: 23, snap: true }), 'a').rotation).toBe(30);
    expect(el(run(start, { type: 'rotate', by: 200, snap: false }), 'a').rotation).toBe(-160);
  });

  it('rotating several turns their arrangement about the common centre', () => {
    const start = stateWith(
      [
        { x: 0, y: 0, width: 10, height: 10 },
        { x: 90, y: 0, width: 10, height: 10 },
      ],
      ['a', 'b'],
    );
    const s = run(start, { type: 'rotate', by: 90, snap: false });
    // Centres (5,5) and (95,5) about (50,5) → (50,-40) and (50,50).
    expect(el(s, 'a')).toMatchObject({ x: 45, y: -45, rotation: 90 });
    expect(el(s, 'b')).toMatchObject({ x: 45, y: 45, rotation: 90 });
  });

  it('measures the pointer angle clockwise from +x', () => {
    expect(pointerAngle({ x: 0, y: 0 }, { x: 0, y: 10 })).toBe(90);
    expect(pointerAngle({ x: 0, y: 0 }, { x: -10, y: 0 })).toBe(180);
  });

  it('setGeometry changes one element from the inspector', () => {
    const start = stateWith([{ x: 0, y: 0, width: 10, height: 10 }]);
    expect(el(expectUndoable(start, { type: 'setGeometry', id: 'a', box: { width: 33, rotation: 45 } }), 'a')).toMatchObject({ width: 33, rotation: 45, x: 0 });
    expect(run(start, { type: 'setGeometry', id: 'zz', box: { width: 1 } }).doc).toBe(start.doc);
  });
});

describe('editor resize of a turned element', () => {
  it('takes the pointer travel in the element frame and keeps the opposite handle in place', () => {
    // 100×20 turned 90°: on screen it is 20 wide, 100 high; its local "e" handle points down.
    const start = stateWith([{ x: 0, y: 0, width: 100, height: 20, rotation: 90 }], ['a']);
    const s = expectUndoable(start, { type: 'resize', handle: 'e', dx: 0, dy: 30 });
    const a = el(s, 'a');
    expect(a).toMatchObject({ width: 130, height: 20, rotation: 90 });
    // The "w" edge (top on screen, at y = 10 - 50 = -40) stays where it was: new centre y = -40 + 65 = 25.
    expect(a.y + a.height / 2).toBeCloseTo(25);
    expect(a.x + a.width / 2).toBeCloseTo(50);
  });
});
