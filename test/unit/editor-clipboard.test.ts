import { describe, expect, it } from 'vitest';
import { PASTE_OFFSET } from '../../renderer/editor/model/apply-command.ts';
import { screenDocumentProblems } from '../../screens/screen-document.ts';
import { el, expectUndoable, ids, run, stateWith } from './editor-fixtures.ts';

const bound = () => {
  const s = stateWith(
    [
      { id: 'tank-1', x: 10, y: 10, width: 80, height: 120 },
      { id: 'b', x: 200, y: 0, width: 10, height: 10 },
    ],
    ['tank-1'],
  );
  return run(s, { type: 'setBinding', id: 'tank-1', property: 'visible', expression: '{Line1/Tank101/Level} > 5' }, { type: 'select', ids: ['tank-1'] });
};

describe('editor copy, paste, duplicate, delete', () => {
  it('copy fills the clipboard without touching document or history', () => {
    const start = bound();
    const s = run(start, { type: 'copy' });
    expect(s.clipboard.map((e) => e.id)).toEqual(['tank-1']);
    expect(s.doc).toBe(start.doc);
    expect(s.past).toHaveLength(start.past.length);
    expect(run(start, { type: 'select', ids: [] }, { type: 'copy' }).clipboard).toEqual([]);
  });

  it('paste adds offset copies with new ids, keeping bindings, and selects them; pasting again steps further', () => {
    const copied = run(bound(), { type: 'copy' });
    const once = expectUndoable(copied, { type: 'paste' });
    expect(ids(once)).toEqual(['tank-1', 'b', 'tank-2']);
    expect(once.selection).toEqual(['tank-2']);
    expect(el(once, 'tank-2')).toMatchObject({ x: 10 + PASTE_OFFSET, y: 10 + PASTE_OFFSET, bindings: { visible: '{Line1/Tank101/Level} > 5' } });
    const twice = run(once, { type: 'paste' });
    expect(el(twice, 'tank-3')).toMatchObject({ x: 10 + 2 * PASTE_OFFSET });
    expect(screenDocumentProblems(twice.doc).problems).toEqual([]);
    expect(run(bound(), { type: 'paste' }).past).toHaveLength(bound().past.length);
  });

  it('duplicate copies the selection in one step and leaves the clipboard alone', () => {
    const s = expectUndoable(run(bound(), { type: 'selectAll' }), { type: 'duplicate' });
    expect(ids(s)).toEqual(['tank-1', 'b', 'tank-2', 'b-1']);
    expect(s.selection).toEqual(['tank-2', 'b-1']);
    expect(el(s, 'tank-2').bindings).toEqual(el(s, 'tank-1').bindings);
    expect(s.clipboard).toEqual([]);
  });

  it('delete removes the selection (not locked elements) in one step', () => {
    const s = expectUndoable(run(bound(), { type: 'selectAll' }), { type: 'delete' });
    expect(ids(s)).toEqual([]);
    const locked = stateWith([{ x: 0, y: 0, width: 5, height: 5, locked: true }], ['a']);
    expect(run(locked, { type: 'delete' }).doc).toBe(locked.doc);
  });
});
