import type { ScreenElement } from '../../screens/screen-schema.ts';

/**
 * Elements per SVG layer of a canvas. Chromium repaints (re-records) a whole `<svg>` when anything
 * in it changes and re-rasters every tile the change touches with all the content under it; each
 * layer is its own paint and compositing layer, so a value that changes repaints only its layer.
 */
export const LAYER_ELEMENTS = 100;

/** Consecutive runs of at most `size` elements (at least one, maybe empty, run): stacked in order, they keep the document's z-order. */
export function layersOf(elements: readonly ScreenElement[], size = LAYER_ELEMENTS): (readonly ScreenElement[])[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`layersOf: size must be a positive integer, got ${size}`);
  const layers: (readonly ScreenElement[])[] = [];
  for (let i = 0; i < elements.length; i += size) layers.push(elements.slice(i, i + size));
  return layers.length > 0 ? layers : [[]];
}

/** An axis-aligned box in a parent's space. */
interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The element's box in its parent's space, rotated about its centre (as ElementView draws it), as the box around that. */
export function boxOf(element: Pick<ScreenElement, 'x' | 'y' | 'width' | 'height' | 'rotation'>): Box {
  const { x, y, width: w, height: h } = element;
  const rotation = element.rotation ?? 0;
  if (rotation % 180 === 0) return { left: x, top: y, right: x + w, bottom: y + h };
  const a = (rotation * Math.PI) / 180;
  const cos = Math.abs(Math.cos(a));
  const sin = Math.abs(Math.sin(a));
  const halfW = (w * cos + h * sin) / 2;
  const halfH = (w * sin + h * cos) / 2;
  const cx = x + w / 2;
  const cy = y + h / 2;
  return { left: cx - halfW, top: cy - halfH, right: cx + halfW, bottom: cy + halfH };
}

const CELL = 64;

/**
 * The ids of the elements whose box no later sibling's box overlaps (touching edges do not): nothing
 * of this list is drawn over them. Their readouts can be drawn on the screen's readout canvas, above
 * every layer, without changing what covers what. What elements draw outside their box (alarm marks,
 * quality code boxes) does not count. Buckets of 64 units keep it linear for screens of thousands.
 */
export function clearOfLater(elements: readonly ScreenElement[]): ReadonlySet<string> {
  const cells = new Map<string, Box[]>();
  const clear = new Set<string>();
  const keysOf = (box: Box): string[] => {
    const keys: string[] = [];
    for (let cx = Math.floor(box.left / CELL); cx <= Math.floor(box.right / CELL); cx++) {
      for (let cy = Math.floor(box.top / CELL); cy <= Math.floor(box.bottom / CELL); cy++) keys.push(`${cx},${cy}`);
    }
    return keys;
  };
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i]!;
    const box = boxOf(element);
    const keys = keysOf(box);
    const covered = keys.some((key) => cells.get(key)?.some((other) => overlaps(box, other)));
    if (!covered) clear.add(element.id);
    for (const key of keys) {
      const bucket = cells.get(key);
      if (bucket) bucket.push(box);
      else cells.set(key, [box]);
    }
  }
  return clear;
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
