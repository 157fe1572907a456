import type { ReactNode } from 'react';
import { useEditor, type EditorStore } from './editor-store.ts';
import type { EditCommand } from './model/commands.ts';
import { canRedo, canUndo } from './model/editor-state.ts';

export type EditorMode = 'design' | 'run';

function Tool({ label, title, disabled, onClick, testId, pressed }: { label: ReactNode; title: string; disabled?: boolean; onClick: () => void; testId: string; pressed?: boolean }) {
  return (
    <button type="button" className="button editor-tool" title={title} aria-label={title} disabled={disabled} onClick={onClick} data-testid={testId} aria-pressed={pressed}>
      {label}
    </button>
  );
}

/** Undo/redo, arrange, grid and snapping, and the design/run switch. */
export function Toolbar({
  store,
  editable,
  mode,
  onMode,
  grid,
  onGrid,
  snapToElements,
  onSnapToElements,
  children,
}: {
  store: EditorStore;
  editable: boolean;
  mode: EditorMode;
  onMode: (mode: EditorMode) => void;
  grid: boolean;
  onGrid: (on: boolean) => void;
  snapToElements: boolean;
  onSnapToElements: (on: boolean) => void;
  /** Zoom controls, between the snapping and the mode switch. */
  children?: ReactNode;
}) {
  const undo = useEditor(store, canUndo);
  const redo = useEditor(store, canRedo);
  const count = useEditor(store, (s) => s.selection.length);
  const hasGroup = useEditor(store, (s) => s.doc.elements.some((e) => e.kind === 'group' && s.selection.includes(e.id)));
  const design = mode === 'design';
  const off = !editable || !design;
  const run = (command: EditCommand) => () => store.dispatch(command);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor tools">
      <div className="editor-toolbar__group">
        <Tool label="↶ Undo" title="Undo (Ctrl+Z)" disabled={off || !undo} onClick={() => store.dispatch({ type: 'undo' })} testId="tool-undo" />
        <Tool label="↷ Redo" title="Redo (Ctrl+Shift+Z)" disabled={off || !redo} onClick={() => store.dispatch({ type: 'redo' })} testId="tool-redo" />
      </div>
      <div className="editor-toolbar__group" aria-label="Align">
        <Tool label="⇤" title="Align left" disabled={off || count < 1} onClick={run({ type: 'align', edge: 'left' })} testId="tool-align-left" />
        <Tool label="↔" title="Align centres" disabled={off || count < 1} onClick={run({ type: 'align', edge: 'centre' })} testId="tool-align-centre" />
        <Tool label="⇥" title="Align right" disabled={off || count < 1} onClick={run({ type: 'align', edge: 'right' })} testId="tool-align-right" />
        <Tool label="⤒" title="Align top" disabled={off || count < 1} onClick={run({ type: 'align', edge: 'top' })} testId="tool-align-top" />
        <Tool label="↕" title="Align middles" disabled={off || count < 1} onClick={run({ type: 'align', edge: 'middle' })} testId="tool-align-middle" />
        <Tool label="⤓" title="Align bottom" disabled={off || count < 1} onClick={run({ type: 'align', edge: 'bottom' })} testId="tool-align-bottom" />
        <Tool label="⋯" title="Distribute horizontally" disabled={off || count < 3} onClick={run({ type: 'distribute', axis: 'horizontal' })} testId="tool-distribute-h" />
        <Tool label="⋮" title="Distribute vertically" disabled={off || count < 3} onClick={run({ type: 'distribute', axis: 'vertical' })} testId="tool-distribute-v" />
      </div>
      <div className="editor-toolbar__group" aria-label="Order">
        <Tool label="Front" title="Bring to front" disabled={off || count < 1} onClick={run({ type: 'zOrder', move: 'front' })} testId="tool-front" />
        <Tool label="Fwd" title="Bring forward" disabled={off || count < 1} onClick={run({ type: 'zOrder', move: 'forward' })} testId="tool-forward" />
        <Tool label="Bwd" title="Send backward" disabled={off || count < 1} onClick={run({ type: 'zOrder', move: 'backward' })} testId="tool-backward" />
        <Tool label="Back" title="Send to back" disabled={off || count < 1} onClick={run({ type: 'zOrder', move: 'back' })} testId="tool-back" />
        <Tool label="Group" title="Group (Ctrl+G)" disabled={off || count < 2} onClick={run({ type: 'group' })} testId="tool-group" />
        <Tool label="Ungroup" title="Ungroup (Ctrl+Shift+G)" disabled={off || !hasGroup} onClick={run({ type: 'ungroup' })} testId="tool-ungroup" />
      </div>
      <div className="editor-toolbar__group">
        <Tool label="Grid" title="Snap to a 10 px grid" disabled={!design} pressed={grid} onClick={() => onGrid(!grid)} testId="tool-grid" />
        <Tool label="Snap" title="Snap to other elements' edges and centres" disabled={!design} pressed={snapToElements} onClick={() => onSnapToElements(!snapToElements)} testId="tool-snap" />
      </div>
      {children}
      <div className="editor-toolbar__group editor-toolbar__mode" role="radiogroup" aria-label="Mode">
        <Tool label="Design" title="Design mode" pressed={design} onClick={() => onMode('design')} testId="mode-design" />
        <Tool label="Run" title="Run mode: live values, as operators see it" pressed={!design} onClick={() => onMode('run')} testId="mode-run" />
      </div>
    </div>
  );
}
