import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.ts';
import { useEditor, type EditorStore } from './editor-store.ts';
import type { EditCommand, EditorCommand } from './model/commands.ts';
import { canRedo, canUndo } from './model/editor-state.ts';

export type EditorMode = 'design' | 'run';

function Tool({ label, title, disabled, onClick, testId, pressed }: { label: ReactNode; title: string; disabled?: boolean; onClick: () => void; testId: string; pressed?: boolean }) {
  return (
    <button type="button" className="button editor-tool" title={title} aria-label={title} disabled={disabled} onClick={onClick} data-testid={testId} aria-pressed={pressed}>
      {label}
    </button>
  );
}

/** An arranging tool: its texts are `editor:toolbar.<key>.label/title`; `min` selected elements enable it. */
interface ArrangeTool {
  key: string;
  testId: string;
  command: EditCommand;
  min: number;
}

const ALIGN: readonly ArrangeTool[] = [
  { key: 'alignLeft', testId: 'tool-align-left', command: { type: 'align', edge: 'left' }, min: 1 },
  { key: 'alignCentre', testId: 'tool-align-centre', command: { type: 'align', edge: 'centre' }, min: 1 },
  { key: 'alignRight', testId: 'tool-align-right', command: { type: 'align', edge: 'right' }, min: 1 },
  { key: 'alignTop', testId: 'tool-align-top', command: { type: 'align', edge: 'top' }, min: 1 },
  { key: 'alignMiddle', testId: 'tool-align-middle', command: { type: 'align', edge: 'middle' }, min: 1 },
  { key: 'alignBottom', testId: 'tool-align-bottom', command: { type: 'align', edge: 'bottom' }, min: 1 },
  { key: 'distributeH', testId: 'tool-distribute-h', command: { type: 'distribute', axis: 'horizontal' }, min: 3 },
  { key: 'distributeV', testId: 'tool-distribute-v', command: { type: 'distribute', axis: 'vertical' }, min: 3 },
];

const ORDER: readonly ArrangeTool[] = [
  { key: 'front', testId: 'tool-front', command: { type: 'zOrder', move: 'front' }, min: 1 },
  { key: 'forward', testId: 'tool-forward', command: { type: 'zOrder', move: 'forward' }, min: 1 },
  { key: 'backward', testId: 'tool-backward', command: { type: 'zOrder', move: 'backward' }, min: 1 },
  { key: 'back', testId: 'tool-back', command: { type: 'zOrder', move: 'back' }, min: 1 },
  { key: 'group', testId: 'tool-group', command: { type: 'group' }, min: 2 },
];

const UNDO: EditorCommand = { type: 'undo' };
const REDO: EditorCommand = { type: 'redo' };
const UNGROUP: EditCommand = { type: 'ungroup' };

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
  const run = (command: EditorCommand) => () => store.dispatch(command);
  const toDesign = () => onMode('design');
  const toRun = () => onMode('run');
  const { t } = useT('editor');
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <div className="editor-toolbar__group">
        <Tool label={t('toolbar.undo.label')} title={t('toolbar.undo.title')} disabled={off || !undo} onClick={run(UNDO)} testId="tool-undo" />
        <Tool label={t('toolbar.redo.label')} title={t('toolbar.redo.title')} disabled={off || !redo} onClick={run(REDO)} testId="tool-redo" />
      </div>
      <div className="editor-toolbar__group" aria-label={t('toolbar.align')}>
        {ALIGN.map((tool) => (
          <Tool key={tool.key} label={t(`toolbar.${tool.key}.label`)} title={t(`toolbar.${tool.key}.title`)} disabled={off || count < tool.min} onClick={run(tool.command)} testId={tool.testId} />
        ))}
      </div>
      <div className="editor-toolbar__group" aria-label={t('toolbar.order')}>
        {ORDER.map((tool) => (
          <Tool key={tool.key} label={t(`toolbar.${tool.key}.label`)} title={t(`toolbar.${tool.key}.title`)} disabled={off || count < tool.min} onClick={run(tool.command)} testId={tool.testId} />
        ))}
        <Tool label={t('toolbar.ungroup.label')} title={t('toolbar.ungroup.title')} disabled={off || !hasGroup} onClick={run(UNGROUP)} testId="tool-ungroup" />
      </div>
      <div className="editor-toolbar__group">
        <Tool label={t('toolbar.grid.label')} title={t('toolbar.grid.title')} disabled={!design} pressed={grid} onClick={() => onGrid(!grid)} testId="tool-grid" />
        <Tool label={t('toolbar.snap.label')} title={t('toolbar.snap.title')} disabled={!design} pressed={snapToElements} onClick={() => onSnapToElements(!snapToElements)} testId="tool-snap" />
      </div>
      {children}
      <div className="editor-toolbar__group editor-toolbar__mode" role="radiogroup" aria-label={t('toolbar.mode')}>
        <Tool label={t('toolbar.modeDesign.label')} title={t('toolbar.modeDesign.title')} pressed={design} onClick={toDesign} testId="mode-design" />
        <Tool label={t('toolbar.modeRun.label')} title={t('toolbar.modeRun.title')} pressed={!design} onClick={toRun} testId="mode-run" />
      </div>
    </div>
  );
}
