import type { ScreenElement } from '../../../screens/screen-schema.ts';
import { boxesIntersect, pointInRotatedBox, type Box, type Point } from './geometry.ts';

/** The topmost element under the point (later in the array is on top). */
export function elementAt(elements: readonly ScreenElement[], point: Point): ScreenElement | undefined {
  for (let i = elements.length - 1; i >= 0; i--) {
    const e = elements[i]!;
    if (pointInRotatedBox(point, e, e.rotation)) return e;
  }
  return undefined;
}

/** Click: select what is under the pointer (nothing: clear); shift-click toggles it in the selection. */
export function clickSelection(current: readonly string[], hit: string | undefined, shift: boolean): string[] {
  if (!shift) return hit === undefined ? [] : [hit];
  if (hit === undefined) return [...current];
  return current.includes(hit) ? current.filter((id) => id !== hit) : [...current, hit];
}

/** Marquee: every element the box touches; with shift, added to what was selected. */
export function marqueeSelection(elements: readonly ScreenElement[], current: readonly string[], box: Box, shift: boolean): string[] {
  const touched = elements.filter((e) => boxesIntersect(box, e)).map((e) => e.id);
  if (!shift) return touched;
  const out = [...current];
  for (const id of touched) if (!out.includes(id)) out.push(id);
  return out;
}
