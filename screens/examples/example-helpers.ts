import type { ScreenElementInput } from '../screen-schema.ts';

/** A pipe through absolute screen points: the element box is their bounding box (padded by the thickness). */
export function pipe(id: string, points: readonly [number, number][], flowing?: string, thickness = 6): ScreenElementInput {
  const pad = thickness;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const x = Math.min(...xs) - pad;
  const y = Math.min(...ys) - pad;
  return {
    id,
    kind: 'symbol',
    symbol: 'pipe',
    x,
    y,
    width: Math.max(...xs) - x + pad,
    height: Math.max(...ys) - y + pad,
    props: { points: points.map(([px, py]) => [px - x, py - y]), thickness },
    ...(flowing ? { bindings: { flowing } } : {}),
  };
}

export function text(id: string, x: number, y: number, width: number, value: string, extra: Record<string, unknown> = {}): ScreenElementInput {
  return { id, kind: 'text', x, y, width, height: 24, props: { text: value, ...extra } };
}

/** A labelled number with units (the tag's decimals unless given). */
export function readout(id: string, x: number, y: number, width: number, label: string, tag: string, units: string, decimals = 1): ScreenElementInput {
  return { id, kind: 'symbol', symbol: 'numeric-display', x, y, width, height: 30, props: { label, units, decimals }, bindings: { value: `{${tag}}` } };
}

export function panel(id: string, x: number, y: number, width: number, height: number): ScreenElementInput {
  return { id, kind: 'shape', shape: 'rect', x, y, width, height, props: { fill: 'panel', stroke: 'panel-border', cornerRadius: 4 } };
}

export const MACHINE_STATES = [
  { value: 0, text: 'Stopped', fill: 'process-light' },
  { value: 1, text: 'Starting', fill: 'process-grey' },
  { value: 2, text: 'Running', fill: 'process-dark' },
  { value: 3, text: 'Starved', fill: 'process-grey' },
  { value: 4, text: 'Blocked', fill: 'process-grey' },
  { value: 5, text: 'Faulted', fill: 'alarm-high' },
];
