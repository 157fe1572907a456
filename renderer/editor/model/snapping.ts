import type { Box } from './geometry.ts';

export interface SnapOptions {
  /** Grid spacing in px; 0 or undefined for none. */
  grid?: number;
  /** How close (px) an edge or centre must come to another element's to snap to it. */
  threshold: number;
  toElements: boolean;
}

/** A line to draw while snapped: vertical (`axis: 'x'`, at x = `at`, from y `from` to `to`) or horizontal. */
export interface Guide {
  axis: 'x' | 'y';
  at: number;
  from: number;
  to: number;
}

export interface SnappedMove {
  dx: number;
  dy: number;
  guides: Guide[];
}

type Axis = 'x' | 'y';
const lines = (b: Box, axis: Axis): number[] => (axis === 'x' ? [b.x, b.x + b.width / 2, b.x + b.width] : [b.y, b.y + b.height / 2, b.y + b.height]);
const span = (b: Box, axis: Axis): [number, number] => (axis === 'x' ? [b.y, b.y + b.height] : [b.x, b.x + b.width]);

function shifted(b: Box, dx: number, dy: number): Box {
  return { ...b, x: b.x + dx, y: b.y + dy };
}

/** The correction along one axis that brings the nearest line of `moving` onto a line of another box. */
function nearestElementSnap(moving: Box, others: readonly Box[], axis: Axis, threshold: number): number | undefined {
  let best: number | undefined;
  const mine = lines(moving, axis);
  for (const other of others) {
    for (const theirs of lines(other, axis)) {
      for (const m of mine) {
        const diff = theirs - m;
        if (Math.abs(diff) <= threshold && (best === undefined || Math.abs(diff) < Math.abs(best))) best = diff;
      }
    }
  }
  return best;
}

function guidesFor(moving: Box, others: readonly Box[], axis: Axis): Guide[] {
  const guides: Guide[] = [];
  for (const m of lines(moving, axis)) {
    let from = Infinity;
    let to = -Infinity;
    for (const other of others) {
      if (!lines(other, axis).some((t) => Math.abs(t - m) < 0.5)) continue;
      const [a, b] = span(other, axis);
      from = Math.min(from, a);
      to = Math.max(to, b);
    }
    if (from === Infinity) continue;
    const [a, b] = span(moving, axis);
    guides.push({ axis, at: m, from: Math.min(from, a), to: Math.max(to, b) });
  }
  return guides;
}

/**
 * Where a selection with bounds `moving` lands when dragged by (dx, dy): each axis snaps to the
 * nearest edge or centre of another element within the threshold, else to the grid (its left/top
 * edge on a grid line). Guides show the element lines it snapped to.
 */
export function snapMove(moving: Box, others: readonly Box[], dx: number, dy: number, options: SnapOptions): SnappedMove {
  const proposed = shifted(moving, dx, dy);
  const near = options.toElements ? others : [];
  const ex = nearestElementSnap(proposed, near, 'x', options.threshold);
  const ey = nearestElementSnap(proposed, near, 'y', options.threshold);
  const grid = options.grid && options.grid > 0 ? options.grid : undefined;
  const gx = grid ? Math.round(proposed.x / grid) * grid - proposed.x : 0;
  const gy = grid ? Math.round(proposed.y / grid) * grid - proposed.y : 0;
  const outDx = dx + (ex ?? gx);
  const outDy = dy + (ey ?? gy);
  const landed = shifted(moving, outDx, outDy);
  const guides = [...(ex !== undefined ? guidesFor(landed, near, 'x') : []), ...(ey !== undefined ? guidesFor(landed, near, 'y') : [])];
  return { dx: outDx, dy: outDy, guides };
}
