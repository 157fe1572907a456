import { applyCommand } from './apply-command.ts';
import { entersHistory, type EditorCommand } from './commands.ts';
import { createEditorState, HISTORY_LIMIT, type EditorState, type Snapshot } from './editor-state.ts';

function snapshot(state: EditorState): Snapshot {
  return { doc: state.doc, selection: state.selection };
}

function pushPast(past: readonly Snapshot[], step: Snapshot): Snapshot[] {
  const out = [...past, step];
  return out.length > HISTORY_LIMIT ? out.slice(out.length - HISTORY_LIMIT) : out;
}

/**
 * The editor's one reducer. Edits that enter history push the state before them (and drop redo);
 * inside a transaction nothing is pushed until commit, which pushes the state at `begin` once — so a
 * drag of any length is one undo step. Selection and clipboard changes never enter history.
 */
export function dispatch(state: EditorState, command: EditorCommand): EditorState {
  switch (command.type) {
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous || state.transaction) return state;
      return { ...state, ...previous, past: state.past.slice(0, -1), future: [...state.future, snapshot(state)] };
    }
    case 'redo': {
      const next = state.future.at(-1);
      if (!next || state.transaction) return state;
      return { ...state, ...next, past: pushPast(state.past, snapshot(state)), future: state.future.slice(0, -1) };
    }
    case 'begin':
      return state.transaction ? state : { ...state, transaction: snapshot(state) };
    case 'update': {
      if (!state.transaction) return state;
      // From the start of the transaction, so a drag's total offset is applied once, not accumulated.
      const applied = applyCommand({ ...state.transaction, clipboard: state.clipboard }, command.command);
      return { ...state, ...applied };
    }
    case 'commit': {
      const base = state.transaction;
      if (!base) return state;
      if (base.doc === state.doc) return { ...state, transaction: undefined };
      return { ...state, transaction: undefined, past: pushPast(state.past, base), future: [] };
    }
    case 'cancel':
      return state.transaction ? { ...state, ...state.transaction, transaction: undefined } : state;
    case 'load':
      return createEditorState(command.doc, state.clipboard);
    case 'markSaved':
      // The document that was sent: edits made while the save was under way stay unsaved.
      return { ...state, saved: command.doc };
    default: {
      const applied = applyCommand(state, command);
      const changed = applied.doc !== state.doc;
      if (!changed || !entersHistory(command) || state.transaction) return { ...state, ...applied };
      return { ...state, ...applied, past: pushPast(state.past, snapshot(state)), future: [] };
    }
  }
}
