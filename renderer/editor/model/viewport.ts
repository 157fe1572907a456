import type { Point } from './geometry.ts';

/** Screen px per document px: the editor's zoom, from 10 % to 800 %. */
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
/** What + and − step through (the nearest step beyond the current zoom). */
export const ZOOM_STEPS: readonly number[] = [0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2, 3, 4, 6, 8];

/** Fit: the whole document in the area, or a fixed zoom the engineer chose. */
export type ZoomSetting = { kind: 'fit' } | { kind: 'fixed'; zoom: number };

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The zoom at which the whole document fits the area (minus its padding). */
export function fitZoom(area: { width: number; height: number }, doc: { width: number; height: number }, padding = 32): number {
  const w = (area.width - padding) / doc.width;
  const h = (area.height - padding) / doc.height;
  return clampZoom(Math.min(w, h));
}

export function stepZoom(zoom: number, direction: 'in' | 'out'): number {
  const eps = 1e-6;
  const next = direction === 'in' ? ZOOM_STEPS.find((s) => s > zoom + eps) : [...ZOOM_STEPS].reverse().find((s) => s < zoom - eps);
  return next ?? (direction === 'in' ? MAX_ZOOM : MIN_ZOOM);
}

/** Ctrl+wheel: a smooth factor per wheel delta (one notch of 100 ≈ ×1.2), kept within the limits. */
export function wheelZoom(zoom: number, deltaY: number): number {
  return clampZoom(zoom * Math.pow(1.2, -deltaY / 100));
}

/** "125 %": how the zoom is shown. */
export function zoomLabel(zoom: number): string {
  return `${Math.round(zoom * 100)} %`;
}

/**
 * The one pointer → document conversion: a point in client (viewport) px over the canvas, whose
 * drawn box (`canvas`, from getBoundingClientRect) shows the document at `zoom`. Every gesture,
 * drop and marquee goes through this, so they all agree at any zoom and scroll position.
 */
export function clientToDoc(client: Point, canvas: { left: number; top: number }, zoom: number): Point {
  return { x: (client.x - canvas.left) / zoom, y: (client.y - canvas.top) / zoom };
}

/** The inverse: where a document point is drawn, in client px. */
export function docToClient(point: Point, canvas: { left: number; top: number }, zoom: number): Point {
  return { x: canvas.left + point.x * zoom, y: canvas.top + point.y * zoom };
}

/**
 * Scroll offsets that keep the document point under `anchor` (client px) in place when the zoom
 * changes from `from` to `to`: zooming with the wheel zooms about the pointer. `canvasOffset` is
 * where the canvas starts inside the scrolled content (the area's padding).
 */
export function scrollForZoom(scroll: { left: number; top: number }, anchor: Point, area: { left: number; top: number }, canvasOffset: Point, from: number, to: number): { left: number; top: number } {
  // Document point under the anchor before the change.
  const inAreaX = anchor.x - area.left;
  const inAreaY = anchor.y - area.top;
  const docX = (scroll.left + inAreaX - canvasOffset.x) / from;
  const docY = (scroll.top + inAreaY - canvasOffset.y) / from;
  return { left: Math.max(0, docX * to + canvasOffset.x - inAreaX), top: Math.max(0, docY * to + canvasOffset.y - inAreaY) };
}
