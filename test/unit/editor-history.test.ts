import { describe, expect, it } from 'vitest';
import { COMMAND_ENTERS_HISTORY } from '../../renderer/editor/model/commands.ts';
import { dispatch } from '../../renderer/editor/model/dispatch.ts';
import { canRedo, canUndo, HISTORY_LIMIT, isDirty } from '../../renderer/editor/model/editor-state.ts';
import { el, run, stateWith } from './editor-fixtures.ts';

const two = () =>
  stateWith(
    [
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 100, y: 0, width: 10, height: 10 },
    ],
    ['a'],
  );

describe('editor history', () => {
  it('says for every command whether it enters history: selection and copy never do', () => {
    for (const type of ['select', 'clickSelect', 'marqueeSelect', 'selectAll', 'copy'] as const) expect(COMMAND_ENTERS_HISTORY[type]).toBe(false);
    for (const type of ['move', 'delete', 'group', 'setBinding', 'setProps', 'paste'] as const) expect(COMMAND_ENTERS_HISTORY[type]).toBe(true);
  });

  it('selecting changes no history and no document', () => {
    const s = run(two(), { type: 'select', ids: ['b'] }, { type: 'selectAll' }, { type: 'copy' });
    expect(s.past).toHaveLength(0);
    expect(s.selection).toEqual(['a', 'b']);
    expect(isDirty(s)).toBe(false);
  });

  it('undo and redo walk the steps back and forth, and a new edit drops redo', () => {
    const s1 = run(two(), { type: 'move', dx: 5, dy: 0 }, { type: 'move', dx: 5, dy: 0 });
    expect(el(s1, 'a').x).toBe(10);
    const back = run(s1, { type: 'undo' });
    expect(el(back, 'a').x).toBe(5);
    expect(canRedo(back)).toBe(true);
    expect(el(run(back, { type: 'redo' }), 'a').x).toBe(10);
    const branched = run(back, { type: 'nudge', direction: 'down', large: false });
    expect(canRedo(branched)).toBe(false);
    expect(el(run(branched, { type: 'undo' }, { type: 'undo' }), 'a').x).toBe(0);
    expect(run(two(), { type: 'undo' })).toEqual(two());
  });

  it('undo brings back the selection that went with the step', () => {
    const s = run(two(), { type: 'delete' });
    expect(s.selection).toEqual([]);
    const undone = run(s, { type: 'undo' });
    expect(undone.selection).toEqual(['a']);
    expect(undone.doc.elements).toHaveLength(2);
  });

  it('a drag is one undo step however many updates it had, each applied from the start', () => {
    let s = run(two(), { type: 'begin' });
    for (let i = 1; i <= 50; i++) s = dispatch(s, { type: 'update', command: { type: 'move', dx: i, dy: i * 2 } });
    expect(el(s, 'a')).toMatchObject({ x: 50, y: 100 });
    expect(canUndo(s)).toBe(false);
    s = run(s, { type: 'commit' });
    expect(s.past).toHaveLength(1);
    const undone = run(s, { type: 'undo' });
    expect(el(undone, 'a')).toMatchObject({ x: 0, y: 0 });
  });

  it('a cancelled drag leaves the document as it was, a drag that moved nothing adds no step', () => {
    const start = two();
    const cancelled = run(start, { type: 'begin' }, { type: 'update', command: { type: 'move', dx: 9, dy: 9 } }, { type: 'cancel' });
    expect(cancelled.doc).toBe(start.doc);
    const still = run(start, { type: 'begin' }, { type: 'update', command: { type: 'move', dx: 0, dy: 0 } }, { type: 'commit' });
    expect(still.past).toHaveLength(0);
    expect(run(start, { type: 'update', command: { type: 'move', dx: 3, dy: 0 } }).doc).toBe(start.doc);
  });

  it('an edit that changes nothing adds no step', () => {
    const s = run(two(), { type: 'select', ids: [] }, { type: 'move', dx: 5, dy: 5 }, { type: 'zOrder', move: 'front' });
    expect(s.past).toHaveLength(0);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    let s = two();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s = dispatch(s, { type: 'move', dx: 1, dy: 0 });
    expect(s.past).toHaveLength(HISTORY_LIMIT);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) s = dispatch(s, { type: 'undo' });
    expect(el(s, 'a').x).toBe(20);
  });

  it('tracks unsaved changes against the document last saved, and load starts history afresh', () => {
    const s = run(two(), { type: 'move', dx: 1, dy: 0 });
    expect(isDirty(s)).toBe(true);
    const saved = run(s, { type: 'markSaved', doc: s.doc });
    expect(isDirty(saved)).toBe(false);
    expect(saved.past).toHaveLength(1);
    const edited = run(saved, { type: 'move', dx: 1, dy: 0 });
    expect(isDirty(run(edited, { type: 'markSaved', doc: saved.doc }))).toBe(true);
    const loaded = run(run(edited, { type: 'copy' }), { type: 'load', doc: two().doc });
    expect(loaded.past).toHaveLength(0);
    expect(loaded.clipboard).toHaveLength(1);
    expect(isDirty(loaded)).toBe(false);
  });
});
