import { describe, expect, it } from 'vitest';
import type { ScreenElement } from '../../screens/screen-schema.ts';
import { boxOf, clearOfLater, LAYER_ELEMENTS, layersOf } from '../../renderer/screens/canvas-layers.ts';

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

const box = (id: string, x: number, y: number, width: number, height: number, rotation = 0) => ({ id, kind: 'shape', shape: 'rect', x, y, width, height, rotation, props: {}, bindings: {}, actions: [] }) as unknown as ScreenElement;

describe('elements nothing later covers (their readouts may go on the readout canvas)', () => {
  it('keeps an element that no later element overlaps, and drops one a later element overlaps', () => {
    const clear = clearOfLater([box('under', 0, 0, 100, 40), box('apart', 200, 0, 50, 20), box('over', 90, 30, 30, 30)]);
    expect([...clear].sort()).toEqual(['apart', 'over']);
  });

  it('only looks at later elements: something drawn before is underneath', () => {
    expect([...clearOfLater([box('background', 0, 0, 1000, 1000), box('readout', 10, 10, 60, 20)])]).toEqual(['readout']);
  });

  it('does not count touching edges as overlap (a grid of readouts at their own pitch stays clear)', () => {
    const grid = Array.from({ length: 2000 }, (_, i) => box(`e${i}`, (i % 50) * 32, Math.floor(i / 50) * 25, 32, 25));
    expect(clearOfLater(grid).size).toBe(2000);
  });

  it('uses the rotated box: a bar turned upright reaches what it did not reach lying flat', () => {
    const readout = box('readout', 45, 0, 10, 10);
    expect(clearOfLater([readout, box('bar', 0, 40, 100, 10)]).has('readout')).toBe(true);
    expect(clearOfLater([readout, box('bar', 0, 40, 100, 10, 90)]).has('readout')).toBe(false);
  });

  it('gives the box round a rotated element about its centre', () => {
    const turned = boxOf({ x: 0, y: 40, width: 100, height: 10, rotation: 90 });
    expect(turned.left).toBeCloseTo(45);
    expect(turned.right).toBeCloseTo(55);
    expect(turned.top).toBeCloseTo(-5);
    expect(turned.bottom).toBeCloseTo(95);
    expect(boxOf({ x: 5, y: 6, width: 7, height: 8, rotation: 180 })).toEqual({ left: 5, top: 6, right: 12, bottom: 14 });
  });
});
