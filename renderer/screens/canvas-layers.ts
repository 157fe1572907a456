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
