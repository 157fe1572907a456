import type { ScreenElement } from '../../../screens/screen-schema.ts';
import { unionBox, type Box } from './geometry.ts';
import { tidy } from './transform.ts';

export type AlignEdge = 'left' | 'centre' | 'right' | 'top' | 'middle' | 'bottom';
export type DistributeAxis = 'horizontal' | 'vertical';

/**
 * Lines the elements up on one edge or centre of their common box; a single element lines up with the
 * screen (`area`) instead, which is what aligning one thing means.
 */
export function alignElements(elements: readonly ScreenElement[], edge: AlignEdge, area: Box): Map<string, ScreenElement> {
  const out = new Map<string, ScreenElement>();
  const box = elements.length === 1 ? area : unionBox(elements);
  if (!box) return out;
  for (const e of elements) {
    let { x, y } = e;
    switch (edge) {
      case 'left':
        x = box.x;
        break;
      case 'centre':
        x = box.x + (box.width - e.width) / 2;
        break;
      case 'right':
        x = box.x + box.width - e.width;
        break;
      case 'top':
        y = box.y;
        break;
      case 'middle':
        y = box.y + (box.height - e.height) / 2;
        break;
      case 'bottom':
        y = box.y + box.height - e.height;
        break;
    }
    if (x !== e.x || y !== e.y) out.set(e.id, { ...e, x: tidy(x), y: tidy(y) });
  }
  return out;
}

/** Equal gaps between three or more elements; the outermost two stay where they are. */
export function distributeElements(elements: readonly ScreenElement[], axis: DistributeAxis): Map<string, ScreenElement> {
  const out = new Map<string, ScreenElement>();
  if (elements.length < 3) return out;
  const pos = (e: ScreenElement) => (axis === 'horizontal' ? e.x : e.y);
  const size = (e: ScreenElement) => (axis === 'horizontal' ? e.width : e.height);
  const sorted = [...elements].sort((a, b) => pos(a) - pos(b));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const total = pos(last) + size(last) - pos(first);
  const gap = (total - sorted.reduce((sum, e) => sum + size(e), 0)) / (sorted.length - 1);
  let at = pos(first);
  for (const e of sorted) {
    const target = tidy(at);
    if (target !== pos(e)) out.set(e.id, axis === 'horizontal' ? { ...e, x: target } : { ...e, y: target });
    at += size(e) + gap;
  }
  return out;
}
