import type { Bound } from './element-binder.ts';
import { READOUT_SELECTOR } from './readout-painter.ts';
import { num, valueText } from './symbols/view-types.ts';

/** How a readout's text reaches the screen: drawn on the readout canvas, or as SVG text. */
export type LiveWrite = 'canvas' | 'svg';

/**
 * What drawing a change is expected to cost beyond the listener's script, in µs, for the TagStore's
 * frame budget (tag-store.ts). Measured on the screens bench in software-raster Chromium: a text
 * drawn on the readout canvas ~8 µs; the same text as SVG 40-60 µs (layout, paint, raster), 60 kept
 * that screen above 50 fps; an element React draws again at least as much as SVG text.
 */
export const DRAW_COST_US: Readonly<Record<LiveWrite | 'render', number>> = { canvas: 8, svg: 60, render: 60 };

/**
 * A symbol whose most frequent change is one text node: a value readout. When only that property's
 * value changed (same qualities, errors and other values), the element's text is written straight
 * into the DOM node React drew, and React does not re-render the element. `text` must give exactly
 * what the symbol's view draws in the element `selector` finds (its readout, never a test id).
 */
export interface LiveText {
  readonly prop: string;
  readonly selector: string;
  text(props: Readonly<Record<string, unknown>>): string;
}

/** Symbol type → its live text; one entry per view that draws a readout this way (value-views.tsx). */
export const LIVE_TEXT: ReadonlyMap<string, LiveText> = new Map([['numeric-display', { prop: 'value', selector: '[data-readout]', text: (props) => valueText(props['value'], num(props['decimals'], 1)) }]]);

/** Whether `next` differs from `shown` in nothing but the value of `prop`: then only its text can differ. */
export function onlyValueChanged(shown: Bound, next: Bound, prop: string): boolean {
  if (shown.quality !== next.quality || !sameRecord(shown.qualities, next.qualities) || !sameRecord(shown.errors, next.errors)) return false;
  const a = shown.values;
  const b = next.values;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!(key in b)) return false;
    if (key !== prop && !Object.is(a[key], b[key])) return false;
  }
  return true;
}

function sameRecord(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && Object.is(a[key], b[key]));
}

/** The text node last found under each element root, and how it is drawn; looked up again once React replaced it. */
const textNodes = new WeakMap<Element, { node: Node; drawn: LiveWrite }>();

/** The readout canvas draws it: a marked text of a canvas-readout element, on a canvas whose painter runs. */
const ON_CANVAS = `.scr-canvas--painted ${READOUT_SELECTOR}`;

/**
 * Writes the text into the node React drew (its only child text node, so React's own later updates
 * still land on it) and says how it reaches the screen. Undefined when there is no such node (not
 * drawn yet, or drawn as a quality box): the caller re-renders instead.
 */
export function writeLiveText(root: Element | null, live: LiveText, props: Readonly<Record<string, unknown>>): LiveWrite | undefined {
  if (!root) return undefined;
  let found = textNodes.get(root);
  if (!found || !found.node.isConnected || found.node.nextSibling || !root.contains(found.node)) {
    const node = root.querySelector(live.selector)?.firstChild;
    if (!node || node.nodeType !== 3 || node.nextSibling) return undefined;
    // How it is drawn is read when the node is found: a painter that stops later only makes the estimate low.
    found = { node, drawn: node.parentElement?.matches(ON_CANVAS) ? 'canvas' : 'svg' };
    textNodes.set(root, found);
  }
  const text = live.text(props);
  if (found.node.nodeValue !== text) found.node.nodeValue = text;
  return found.drawn;
}
