import { describe, expect, it } from 'vitest';
import { clampZoom, clientToDoc, docToClient, fitZoom, MAX_ZOOM, MIN_ZOOM, scrollForZoom, stepZoom, wheelZoom, zoomLabel } from '../../renderer/editor/model/viewport.ts';

describe('editor viewport: zoom and the pointer → document conversion', () => {
  it('converts client px over the canvas to document px at any zoom, and back', () => {
    const canvas = { left: 300, top: 120 };
    expect(clientToDoc({ x: 300, y: 120 }, canvas, 2)).toEqual({ x: 0, y: 0 });
    expect(clientToDoc({ x: 500, y: 220 }, canvas, 2)).toEqual({ x: 100, y: 50 });
    expect(clientToDoc({ x: 500, y: 220 }, canvas, 0.5)).toEqual({ x: 400, y: 200 });
    // A canvas scrolled partly out of view has a negative left: the conversion still holds.
    expect(clientToDoc({ x: 10, y: 10 }, { left: -390, top: -190 }, 4)).toEqual({ x: 100, y: 50 });
    for (const zoom of [0.1, 0.33, 1, 1.5, 8]) {
      const p = { x: 123.5, y: 77.25 };
      const back = clientToDoc(docToClient(p, canvas, zoom), canvas, zoom);
      expect(back.x).toBeCloseTo(p.x, 9);
      expect(back.y).toBeCloseTo(p.y, 9);
    }
  });

  it('fits the whole document in the area, within the zoom limits', () => {
    expect(fitZoom({ width: 1312, height: 752 }, { width: 1280, height: 720 })).toBe(1);
    expect(fitZoom({ width: 672, height: 2000 }, { width: 1280, height: 720 })).toBe(0.5);
    expect(fitZoom({ width: 2000, height: 392 }, { width: 1280, height: 720 })).toBe(0.5);
    expect(fitZoom({ width: 10_000, height: 10_000 }, { width: 100, height: 100 })).toBe(MAX_ZOOM);
    expect(fitZoom({ width: 40, height: 40 }, { width: 10_000, height: 10_000 })).toBe(MIN_ZOOM);
  });

  it('steps + and − through the zoom steps from any zoom, and stops at the limits', () => {
    expect(stepZoom(1, 'in')).toBe(1.25);
    expect(stepZoom(1, 'out')).toBe(0.75);
    expect(stepZoom(1.1, 'in')).toBe(1.25);
    expect(stepZoom(1.1, 'out')).toBe(1);
    expect(stepZoom(MAX_ZOOM, 'in')).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, 'out')).toBe(MIN_ZOOM);
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(wheelZoom(1, -100)).toBeCloseTo(1.2);
    expect(wheelZoom(1, 100)).toBeCloseTo(1 / 1.2);
    expect(wheelZoom(MAX_ZOOM, -1000)).toBe(MAX_ZOOM);
    expect(zoomLabel(2)).toBe('200 %');
    expect(zoomLabel(0.6666)).toBe('67 %');
  });

  it('keeps the document point under the pointer in place when zooming', () => {
    const area = { left: 250, top: 100 };
    const offset = { x: 16, y: 16 };
    const anchor = { x: 650, y: 400 };
    const before = { left: 120, top: 40 };
    const under = (scroll: { left: number; top: number }, zoom: number) => ({ x: (scroll.left + anchor.x - area.left - offset.x) / zoom, y: (scroll.top + anchor.y - area.top - offset.y) / zoom });
    const after = scrollForZoom(before, anchor, area, offset, 1, 2);
    expect(under(after, 2).x).toBeCloseTo(under(before, 1).x, 9);
    expect(under(after, 2).y).toBeCloseTo(under(before, 1).y, 9);
    // Zooming out past the start clamps the scroll at 0 rather than going negative.
    expect(scrollForZoom({ left: 0, top: 0 }, anchor, area, offset, 2, 0.5)).toEqual({ left: 0, top: 0 });
  });
});
