import type { ScreenElement } from '../../../screens/screen-schema.ts';
import { centreOf, normaliseDegrees, rotatePoint, unionBox, type Box } from './geometry.ts';

export type ResizeHandle = 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'nw';
export const RESIZE_HANDLES: readonly ResizeHandle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];
/** Nothing shrinks below this many px, so it can still be grabbed. */
export const MIN_SIZE = 8;
export const ROTATION_SNAP_DEGREES = 15;

/** Two decimals: keeps documents free of 0.30000000000000004 without losing sub-pixel intent. */
export function tidy(value: number): number {
  return Math.round(value * 100) / 100;
}

export function moveElement(element: ScreenElement, dx: number, dy: number): ScreenElement {
  if (dx === 0 && dy === 0) return element;
  return { ...element, x: tidy(element.x + dx), y: tidy(element.y + dy) };
}

function snapTo(value: number, grid: number | undefined): number {
  return grid && grid > 0 ? Math.round(value / grid) * grid : value;
}

/**
 * The box that dragging `handle` of `box` by (dx, dy) gives: only the edges the handle holds move,
 * edges snap to the grid when given, and neither side gets smaller than MIN_SIZE (the opposite edge
 * stays put, so the box never flips).
 */
export function resizeBox(box: Box, handle: ResizeHandle, dx: number, dy: number, grid?: number): Box {
  let left = box.x;
  let top = box.y;
  let right = box.x + box.width;
  let bottom = box.y + box.height;
  if (handle.includes('w')) left = Math.min(snapTo(left + dx, grid), right - MIN_SIZE);
  if (handle.includes('e')) right = Math.max(snapTo(right + dx, grid), left + MIN_SIZE);
  if (handle.startsWith('n')) top = Math.min(snapTo(top + dy, grid), bottom - MIN_SIZE);
  if (handle.startsWith('s')) bottom = Math.max(snapTo(bottom + dy, grid), top + MIN_SIZE);
  return { x: tidy(left), y: tidy(top), width: tidy(right - left), height: tidy(bottom - top) };
}

/** The handle opposite `handle`, as fractions of the box: it stays put while `handle` is dragged. */
function anchorOf(handle: ResizeHandle): [number, number] {
  const fx = handle.includes('w') ? 1 : handle.includes('e') ? 0 : 0.5;
  const fy = handle.startsWith('n') ? 1 : handle.startsWith('s') ? 0 : 0.5;
  return [fx, fy];
}

function worldPoint(box: Box, rotation: number, [fx, fy]: [number, number]): { x: number; y: number } {
  return rotatePoint({ x: box.x + box.width * fx, y: box.y + box.height * fy }, centreOf(box), rotation);
}

/**
 * A rotated element resized by its own (turned) handles: the pointer's travel is taken in the
 * element's frame, and the opposite handle stays where it is on the screen. No grid: grid lines do
 * not run along a turned edge.
 */
export function resizeRotated(element: ScreenElement, handle: ResizeHandle, dx: number, dy: number): ScreenElement {
  const local = rotatePoint({ x: dx, y: dy }, { x: 0, y: 0 }, -element.rotation);
  const box = resizeBox(element, handle, local.x, local.y);
  const anchor = anchorOf(handle);
  const before = worldPoint(element, element.rotation, anchor);
  const after = worldPoint(box, element.rotation, anchor);
  return { ...element, x: tidy(box.x + before.x - after.x), y: tidy(box.y + before.y - after.y), width: box.width, height: box.height };
}

/** Every element keeps its place and share of the selection box as that box is resized. */
export function resizeElements(elements: readonly ScreenElement[], handle: ResizeHandle, dx: number, dy: number, grid?: number): Map<string, ScreenElement> {
  const before = unionBox(elements);
  const out = new Map<string, ScreenElement>();
  if (!before) return out;
  const only = elements.length === 1 ? elements[0]! : undefined;
  if (only && only.rotation !== 0) return out.set(only.id, resizeRotated(only, handle, dx, dy));
  const after = resizeBox(before, handle, dx, dy, grid);
  const sx = before.width === 0 ? 1 : after.width / before.width;
  const sy = before.height === 0 ? 1 : after.height / before.height;
  for (const e of elements) {
    out.set(e.id, {
      ...e,
      x: tidy(after.x + (e.x - before.x) * sx),
      y: tidy(after.y + (e.y - before.y) * sy),
      width: tidy(Math.max(elements.length === 1 ? MIN_SIZE : 1, e.width * sx)),
      height: tidy(Math.max(elements.length === 1 ? MIN_SIZE : 1, e.height * sy)),
    });
  }
  return out;
}

/** Pointer angle in degrees (clockwise from +x, y down) seen from `centre`. */
export function pointerAngle(centre: { x: number; y: number }, pointer: { x: number; y: number }): number {
  return (Math.atan2(pointer.y - centre.y, pointer.x - centre.x) * 180) / Math.PI;
}

/**
 * Rotates each element by `by` degrees about its own centre; with several, their centres also turn
 * about the selection's centre so the arrangement turns as one. With `snap`, the resulting rotation
 * lands on a multiple of 15°.
 */
export function rotateElements(elements: readonly ScreenElement[], by: number, snap: boolean): Map<string, ScreenElement> {
  const out = new Map<string, ScreenElement>();
  const around = unionBox(elements);
  if (!around) return out;
  const pivot = centreOf(around);
  for (const e of elements) {
    let rotation = e.rotation + by;
    if (snap) rotation = Math.round(rotation / ROTATION_SNAP_DEGREES) * ROTATION_SNAP_DEGREES;
    const turned = rotation - e.rotation;
    const centre = elements.length === 1 ? centreOf(e) : rotatePoint(centreOf(e), pivot, turned);
    out.set(e.id, { ...e, rotation: normaliseDegrees(rotation), x: tidy(centre.x - e.width / 2), y: tidy(centre.y - e.height / 2) });
  }
  return out;
}
