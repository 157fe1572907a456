import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { ElementBinder, type Bound, type TagSource } from './element-binder.ts';
import type { ScreenScope } from './screen-scope.ts';

const NONE = () => () => {};
const UNDEFINED = () => undefined;

/**
 * The live result of one element's bindings. Compiled once per bindings object; subscribed to the
 * element's own tags only, so the element re-renders when (and only when) one of them changes.
 * Design mode binds nothing: symbols draw their defaults.
 */
export function useBound(bindings: Readonly<Record<string, string>>, scope: ScreenScope): { bound: Bound | undefined; tags: readonly string[] } {
  const source = scope.mode === 'run' ? scope.tags : undefined;
  const binder = useMemo(() => (source ? new ElementBinder(bindings) : undefined), [bindings, source]);
  return { bound: useBinder(binder, source), tags: binder?.tags ?? [] };
}

function useBinder(binder: ElementBinder | undefined, source: TagSource | undefined): Bound | undefined {
  const live = binder !== undefined && source !== undefined && !binder.empty;
  const subscribe = useCallback((listener: () => void) => binder!.subscribe(source!, listener), [binder, source]);
  const snapshot = useCallback(() => binder!.snapshot(source!), [binder, source]);
  return useSyncExternalStore(live ? subscribe : NONE, live ? snapshot : UNDEFINED);
}
