import { useSyncExternalStore } from 'react';
import type { ScreenDocument } from '../../screens/screen-schema.ts';
import type { EditorCommand } from './model/commands.ts';
import { dispatch } from './model/dispatch.ts';
import { createEditorState, type EditorState } from './model/editor-state.ts';

/** Holds the editor state outside React; components read slices of it with `useEditor`. */
export class EditorStore {
  #state: EditorState;
  readonly #listeners = new Set<() => void>();

  constructor(doc: ScreenDocument) {
    this.#state = createEditorState(doc);
  }

  get state(): EditorState {
    return this.#state;
  }

  dispatch = (command: EditorCommand): void => {
    const next = dispatch(this.#state, command);
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of this.#listeners) listener();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}

/** One slice of the state; the component re-renders only when the slice changes (by identity). */
export function useEditor<T>(store: EditorStore, select: (state: EditorState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.state));
}
