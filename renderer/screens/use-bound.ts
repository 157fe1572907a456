import { useCallback, useMemo, useRef, useSyncExternalStore, type RefObject } from 'react';
import { ElementBinder, type Bound } from './element-binder.ts';
import { DRAW_COST_US, onlyValueChanged, writeLiveText, type LiveText } from './live-text.ts';
import type { ScreenScope } from './screen-scope.ts';

const NONE = () => () => {};
const UNDEFINED = () => undefined;

/** A readout's fast path: the symbol's live text and the element's root node it is drawn in. */
export interface LiveTarget {
  readonly live: LiveText;
  readonly props: Readonly<Record<string, unknown>>;
  readonly root: RefObject<Element | null>;
}

/**
 * The live result of one element's bindings. Compiled once per bindings object; subscribed to the
 * element's own tags only, so the element re-renders when (and only when) one of them changes.
 * With a `liveText` target, a change of the readout's value alone is written into its text node and
 * does not re-render. Design mode binds nothing: symbols draw their defaults.
 */
export function useBound(bindings: Readonly<Record<string, string>>, scope: ScreenScope, liveText?: LiveTarget): { bound: Bound | undefined; tags: readonly string[] } {
  const source = scope.mode === 'run' ? scope.tags : undefined;
  const binder = useMemo(() => (source ? new ElementBinder(bindings) : undefined), [bindings, source]);
  const live = binder !== undefined && source !== undefined && !binder.empty;
  // Read in the listener (outside render), so the latest target is used without resubscribing.
  const target = useRef(liveText);
  target.current = liveText;
  /** The Bound React last rendered the structure for; a text-only change keeps it. */
  const shown = useRef<{ binder: ElementBinder | undefined; bound: Bound | undefined }>({ binder: undefined, bound: undefined });
  /** What drawing the last change handled by `structure` costs (µs), for the TagStore's frame budget. */
  const drawCost = useRef(0);
  /**
   * The snapshot React re-renders on: the rendered Bound while only the readout's value changed (its
   * text is written here instead), the latest one as soon as anything else differs or the text node
   * cannot be written.
   */
  const structure = useCallback(() => {
    const next = binder!.snapshot(source!);
    const t = target.current;
    const rendered = shown.current.binder === binder ? shown.current.bound : undefined;
    drawCost.current = 0;
    if (rendered === next) return rendered;
    if (t && rendered && onlyValueChanged(rendered, next, t.live.prop)) {
      const written = writeLiveText(t.root.current, t.live, { ...t.props, ...next.values });
      if (written) {
        drawCost.current = DRAW_COST_US[written];
        return rendered;
      }
    }
    shown.current = { binder, bound: next };
    drawCost.current = DRAW_COST_US.render;
    return next;
  }, [binder, source]);
  const subscribe = useCallback(
    (listener: () => void) =>
      binder!.subscribe(source!, () => {
        const before = shown.current.bound;
        const changed = structure() !== before;
        // Read first: React's listener asks for the snapshot again, which finds nothing new.
        const cost = drawCost.current;
        if (changed) listener();
        return cost;
      }),
    [binder, source, structure],
  );
  useSyncExternalStore(live ? subscribe : NONE, live ? structure : UNDEFINED);
  // Whatever triggered this render, draw the latest values (the text node may be ahead of React's copy).
  return { bound: live ? binder.snapshot(source) : undefined, tags: binder?.tags ?? [] };
}
