import type { ScreenAction, ScreenDocument, ScreenElement, ScreenLevel, TemplateParameter } from '../../../screens/screen-schema.ts';
import type { AlignEdge, DistributeAxis } from './arrange.ts';
import type { Box, Point } from './geometry.ts';
import type { ResizeHandle } from './transform.ts';
import type { ZOrderMove } from './z-order.ts';

/** A change to the editor, as data. Whether it enters undo history is in COMMAND_ENTERS_HISTORY. */
export type EditCommand =
  // Selection and clipboard: never in history (undo restores the selection that went with a change).
  | { type: 'select'; ids: readonly string[] }
  | { type: 'clickSelect'; at: Point; shift: boolean }
  | { type: 'marqueeSelect'; box: Box; shift: boolean }
  | { type: 'selectAll' }
  | { type: 'copy' }
  // Changes to the document: each is one undo step (or part of the open transaction).
  | { type: 'move'; dx: number; dy: number }
  | { type: 'nudge'; direction: 'left' | 'right' | 'up' | 'down'; large: boolean }
  | { type: 'resize'; handle: ResizeHandle; dx: number; dy: number; grid?: number }
  | { type: 'rotate'; by: number; snap: boolean }
  | { type: 'align'; edge: AlignEdge }
  | { type: 'distribute'; axis: DistributeAxis }
  | { type: 'zOrder'; move: ZOrderMove }
  | { type: 'group' }
  | { type: 'ungroup' }
  | { type: 'paste' }
  | { type: 'duplicate' }
  | { type: 'delete' }
  | { type: 'add'; element: ScreenElement }
  | { type: 'setProps'; id: string; props: Readonly<Record<string, unknown>> }
  | { type: 'setBinding'; id: string; property: string; expression: string | undefined }
  | { type: 'setGeometry'; id: string; box: Partial<Box & { rotation: number }> }
  | { type: 'setParams'; id: string; params: Readonly<Record<string, string | number>> }
  | { type: 'setName'; id: string; name: string }
  /** An element's click actions (model/actions.ts): append, replace one, remove one, move one up or down. */
  | { type: 'addAction'; id: string; action: ScreenAction }
  | { type: 'setAction'; id: string; index: number; action: ScreenAction }
  | { type: 'removeAction'; id: string; index: number }
  | { type: 'moveAction'; id: string; index: number; to: number }
  | { type: 'setDocument'; changes: DocumentChanges }
  /** A template's declared parameters (what each instance fills in). */
  | { type: 'setTemplateParams'; params: readonly TemplateParameter[] };

export interface DocumentChanges {
  name?: string;
  level?: ScreenLevel;
  /** A screen's plant area; '' takes it away (the screen is then in its parent's area). */
  area?: string;
  size?: { width: number; height: number };
  background?: string;
}

/** History and transactions: how commands are grouped into undo steps. */
export type HistoryCommand =
  | { type: 'undo' }
  | { type: 'redo' }
  /** Opens a transaction (drag start); `update` then re-applies its command from the start state. */
  | { type: 'begin' }
  | { type: 'update'; command: EditCommand }
  | { type: 'commit' }
  | { type: 'cancel' }
  /** A document from storage replaces the open one (open, reload): history starts afresh. */
  | { type: 'load'; doc: ScreenDocument }
  /** This document (the one sent) was written; history stays. */
  | { type: 'markSaved'; doc: ScreenDocument };

export type EditorCommand = EditCommand | HistoryCommand;

/** Every edit command says whether it enters undo history; TypeScript makes the list complete. */
export const COMMAND_ENTERS_HISTORY: Readonly<Record<EditCommand['type'], boolean>> = {
  select: false,
  clickSelect: false,
  marqueeSelect: false,
  selectAll: false,
  copy: false,
  move: true,
  nudge: true,
  resize: true,
  rotate: true,
  align: true,
  distribute: true,
  zOrder: true,
  group: true,
  ungroup: true,
  paste: true,
  duplicate: true,
  delete: true,
  add: true,
  setProps: true,
  setBinding: true,
  setGeometry: true,
  setParams: true,
  setName: true,
  addAction: true,
  setAction: true,
  removeAction: true,
  moveAction: true,
  setDocument: true,
  setTemplateParams: true,
};

export function entersHistory(command: EditCommand): boolean {
  return COMMAND_ENTERS_HISTORY[command.type];
}
