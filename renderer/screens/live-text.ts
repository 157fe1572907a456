import type { Bound } from './element-binder.ts';
import { num, valueText } from './symbols/view-types.ts';

/**
 * A symbol whose most frequent change is one text node: a value readout. When only that property's
 * value changed (same qualities, errors and other values), the element's text is written straight
 * into the DOM node React drew, and React does not re-render the element. `text` must give exactly
 * what the symbol's view draws in its `[data-testid=<testId>]` element.
 */
export interface LiveText {
  readonly prop: string;
  readonly testId: string;
  text(props: Readonly<Record<string, unknown>>): string;
}

/** Symbol type → its live text; one entry per view that draws a readout this way (value-views.tsx). */
export const LIVE_TEXT: ReadonlyMap<string, LiveText> = new Map([
  ['numeric-display', { prop: 'value', testId: 'value-text', text: (props) => valueText(props['value'], num(props['decimals'], 1)) }],
]);

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

/** The text node last found under each element root; looked up again once React replaced it. */
const textNodes = new WeakMap<Element, Node>();

/**
 * Writes the text into the node React drew (its only child text node, so React's own later updates
 * still land on it). False when there is no such node (not drawn yet, or drawn as a quality box):
 * the caller re-renders instead.
 */
export function writeLiveText(root: Element | null, live: LiveText, props: Readonly<Record<string, unknown>>): boolean {
  if (!root) return false;
  let node = textNodes.get(root);
  if (!node || !node.isConnected || node.nextSibling || !root.contains(node)) {
    node = root.querySelector(`[data-testid="${live.testId}"]`)?.firstChild ?? undefined;
    if (!node || node.nodeType !== 3 || node.nextSibling) return false;
    textNodes.set(root, node);
  }
  const text = live.text(props);
  if (node.nodeValue !== text) node.nodeValue = text;
  return true;
}
