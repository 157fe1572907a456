import { describe, expect, it } from 'vitest';
import type { ScreenElement } from '../../screens/screen-schema.ts';
import { LAYER_ELEMENTS, layersOf } from '../../renderer/screens/canvas-layers.ts';

const elements = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `e${i}` }) as unknown as ScreenElement);
const ids = (layers: (readonly ScreenElement[])[]) => layers.map((layer) => layer.map((e) => e.id));

describe('canvas layers', () => {
  it('splits the elements into consecutive runs, so stacking the layers keeps the z-order', () => {
    const layers = layersOf(elements(7), 3);
    expect(ids(layers)).toEqual([['e0', 'e1', 'e2'], ['e3', 'e4', 'e5'], ['e6']]);
    expect(layers.flat().map((e) => e.id)).toEqual(elements(7).map((e) => e.id));
  });

  it('draws a screen of 2,000 elements in layers of LAYER_ELEMENTS, and a small or empty screen in one layer', () => {
    expect(layersOf(elements(2000)).map((layer) => layer.length)).toEqual(Array(2000 / LAYER_ELEMENTS).fill(LAYER_ELEMENTS));
    expect(ids(layersOf(elements(5)))).toEqual([['e0', 'e1', 'e2', 'e3', 'e4']]);
    expect(layersOf([])).toEqual([[]]);
  });

  it('refuses a layer size that is not a positive integer', () => {
    expect(() => layersOf(elements(3), 0)).toThrow('layersOf: size must be a positive integer, got 0');
  });
});
