import { useCallback, useSyncExternalStore } from 'react';
import { useServices } from '../app/services.tsx';
import type { TagState } from './tag-store.ts';

/** The live state of one tag; the component re-renders only when this tag changes. */
export function useTag(path: string): TagState {
  const { tags } = useServices();
  const subscribe = useCallback((listener: () => void) => tags.subscribe(path, listener), [tags, path]);
  const getSnapshot = useCallback(() => tags.get(path), [tags, path]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** All known tag paths, sorted; changes only when tags are added or removed. */
export function useTagPaths(): readonly string[] {
  const { tags } = useServices();
  return useSyncExternalStore(tags.subscribePaths, tags.paths);
}
