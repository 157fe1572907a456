import { describe, expect, it } from 'vitest';
import type { GroupElement } from '../../screens/screen-schema.ts';
import { screenDocumentProblems } from '../../screens/screen-document.ts';
import { el, expectUndoable, ids, run, stateWith } from './editor-fixtures.ts';

describe('editor group and ungroup', () => {
  const start = () =>
    stateWith(
      [
        { x: 10, y: 20, width: 30, height: 30 },
        { x: 500, y: 500, width: 5, height: 5 },
        { x: 60, y: 40, width: 40, height: 20 },
      ],
      ['a', 'c'],
    );

  it('groups the selection in place of its topmost member, children relative to the group', () => {
    const s = expectUndoable(start(), { type: 'group' });
    expect(ids(s)).toEqual(['b', 'group-1']);
    expect(s.selection).toEqual(['group-1']);
    const group = el(s, 'group-1') as GroupElement;
    expect(group).toMatchObject({ kind: 'group', x: 10, y: 20, width: 90, height: 40 });
    expect(group.children.map((c) => [c.id, c.x, c.y])).toEqual([
      ['a', 0, 0],
      ['c', 50, 20],
    ]);
    expect(screenDocumentProblems(s.doc).problems).toEqual([]);
    expect(run(start(), { type: 'select', ids: ['a'] }, { type: 'group' }).past).toHaveLength(0);
  });

  it('ungroup gives back the same elements where they were', () => {
    const grouped = run(start(), { type: 'group' });
    const s = expectUndoable(grouped, { type: 'ungroup' });
    expect(ids(s)).toEqual(['b', 'a', 'c']);
    expect(s.selection).toEqual(['a', 'c']);
    expect(el(s, 'a')).toEqual(el(start(), 'a'));
    expect(el(s, 'c')).toEqual(el(start(), 'c'));
  });

  it('ungrouping a scaled and rotated group keeps what was drawn', () => {
    const grouped = run(start(), { type: 'group' });
    const group = el(grouped, 'group-1') as GroupElement;
    const scaled = { ...group, width: 180, height: 80, contentSize: { width: 90, height: 40 }, rotation: 180 };
    const s = run({ ...grouped, doc: { ...grouped.doc, elements: [el(grouped, 'b'), scaled] } }, { type: 'ungroup' });
    // Scaled ×2 from (10,20): a → (10,20) 60×60; turned 180° about the group centre (100,60): a's centre (40,50) → (160,70).
    expect(el(s, 'a')).toMatchObject({ x: 130, y: 40, width: 60, height: 60, rotation: 180 });
  });

  it('a group can be moved, copied and ungrouped again with fresh child ids', () => {
    const s = run(start(), { type: 'group' }, { type: 'duplicate' }, { type: 'ungroup' });
    expect(ids(s)).toEqual(['b', 'group-1', 'a-1', 'c-1']);
    expect(el(s, 'a-1')).toMatchObject({ x: 20, y: 30 });
    expect(screenDocumentProblems(s.doc).problems).toEqual([]);
  });
});
