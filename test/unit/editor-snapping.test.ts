import { describe, expect, it } from 'vitest';
import { snapMove } from '../../renderer/editor/model/snapping.ts';

const moving = { x: 0, y: 0, width: 20, height: 20 };
const other = { x: 100, y: 200, width: 40, height: 10 };

describe('editor snapping', () => {
  it('snaps to the grid when no element is near', () => {
    expect(snapMove(moving, [], 13, 26, { grid: 10, threshold: 5, toElements: true })).toEqual({ dx: 10, dy: 30, guides: [] });
    expect(snapMove(moving, [], 13, 26, { threshold: 5, toElements: true })).toEqual({ dx: 13, dy: 26, guides: [] });
  });

  it("snaps an edge to another element's edge and returns the guide to draw", () => {
    // Left edge 97 → 100 (other's left).
    const snapped = snapMove(moving, [other], 97, 0, { grid: 10, threshold: 5, toElements: true });
    expect(snapped.dx).toBe(100);
    expect(snapped.dy).toBe(0);
    // Its right edge (120) now also lies on the other's centre: both lines are drawn.
    expect(snapped.guides).toEqual([
      { axis: 'x', at: 100, from: 0, to: 210 },
      { axis: 'x', at: 120, from: 0, to: 210 },
    ]);
  });

  it('snaps centre to centre', () => {
    // Moving centre y 10+dy; other centre y 205 → dy 195.
    const snapped = snapMove(moving, [other], 500, 193, { threshold: 4, toElements: true });
    expect(snapped.dy).toBe(195);
    expect(snapped.guides).toContainEqual({ axis: 'y', at: 205, from: 100, to: 520 });
  });

  it('prefers the nearest line and ignores elements when told to or out of reach', () => {
    expect(snapMove(moving, [other], 117, 0, { threshold: 5, toElements: true }).dx).toBe(120); // left 117 is 3 px from the other's centre 120, its right edge 137 is 3 px from 140: the first wins
    expect(snapMove(moving, [other], 97, 0, { threshold: 5, toElements: false }).dx).toBe(97);
    expect(snapMove(moving, [other], 90, 0, { threshold: 5, toElements: true }).dx).toBe(90);
  });
});
