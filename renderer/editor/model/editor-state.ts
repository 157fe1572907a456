import type { ScreenDocument, ScreenElement } from '../../../screens/screen-schema.ts';

/** What undo brings back: the document and what was selected with it. */
export interface Snapshot {
  readonly doc: ScreenDocument;
  readonly selection: readonly string[];
}

/**
 * The editor's state, outside React. Documents are immutable: every change makes a new document that
 * shares the untouched elements, so history is a list of snapshots and memoised views skip elements
 * that did not change. Live tag values are never in here.
 */
export interface EditorState extends Snapshot {
  readonly past: readonly Snapshot[];
  readonly future: readonly Snapshot[];
  /** Open during a drag or a typed edit: changes apply from `base`, and history gets one step on commit. */
  readonly transaction: Snapshot | undefined;
  /** Copied elements (not part of history; survives opening another document). */
  readonly clipboard: readonly ScreenElement[];
  /** The document as last loaded or saved: `doc !== saved` means unsaved changes. */
  readonly saved: ScreenDocument;
}

/** Undo reaches this far back; older steps are dropped. */
export const HISTORY_LIMIT = 200;

export function createEditorState(doc: ScreenDocument, clipboard: readonly ScreenElement[] = []): EditorState {
  return { doc, selection: [], past: [], future: [], transaction: undefined, clipboard, saved: doc };
}

export function isDirty(state: EditorState): boolean {
  return state.doc !== state.saved;
}

export function canUndo(state: EditorState): boolean {
  return state.past.length > 0 && state.transaction === undefined;
}

export function canRedo(state: EditorState): boolean {
  return state.future.length > 0 && state.transaction === undefined;
}
