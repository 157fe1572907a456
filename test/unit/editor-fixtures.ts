import { expect } from 'vitest';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import type { Screen, ScreenElement } from '../../screens/screen-schema.ts';
import { dispatch } from '../../renderer/editor/model/dispatch.ts';
import type { EditorCommand } from '../../renderer/editor/model/commands.ts';
import { createEditorState, type EditorState } from '../../renderer/editor/model/editor-state.ts';

/** A valid screen with rectangles at the given boxes (ids a, b, c... unless given). */
export function screenWith(boxes: readonly { id?: string; x: number; y: number; width: number; height: number; rotation?: number; locked?: boolean }[]): Screen {
  const result = loadScreenDocument({
    formatVersion: 1,
    kind: 'screen',
    id: 'test',
    name: 'Test',
    level: 'unit',
    size: { width: 1000, height: 800 },
    elements: boxes.map((b, i) => ({ kind: 'symbol', symbol: 'rectangle', id: b.id ?? String.fromCharCode(97 + i), ...b })),
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Screen;
}

export function stateWith(boxes: Parameters<typeof screenWith>[0], selection: string[] = []): EditorState {
  return { ...createEditorState(screenWith(boxes)), selection };
}

export function run(state: EditorState, ...commands: EditorCommand[]): EditorState {
  return commands.reduce(dispatch, state);
}

export function el(state: EditorState, id: string): ScreenElement {
  const found = state.doc.elements.find((e) => e.id === id);
  if (!found) throw new Error(`no element ${id}`);
  return found;
}

export function ids(state: EditorState): string[] {
  return state.doc.elements.map((e) => e.id);
}

/** Applies an edit, checks it made one undo step, that undo restores the document exactly and redo brings the edit back. */
export function expectUndoable(before: EditorState, command: EditorCommand): EditorState {
  const after = dispatch(before, command);
  expect(after.doc).not.toBe(before.doc);
  expect(after.past.length).toBe(before.past.length + 1);
  const undone = dispatch(after, { type: 'undo' });
  expect(undone.doc).toEqual(before.doc);
  expect(undone.selection).toEqual(before.selection);
  const redone = dispatch(undone, { type: 'redo' });
  expect(redone.doc).toEqual(after.doc);
  expect(redone.selection).toEqual(after.selection);
  return after;
}
