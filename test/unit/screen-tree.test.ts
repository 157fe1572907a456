import { describe, expect, it } from 'vitest';
import { areaOf, treeRows, type TreeRow } from '../../renderer/screens/runtime/screen-tree.ts';
import type { Screen } from '../../screens/screen-schema.ts';

function screen(id: string, name: string, level: Screen['level'], extra: Partial<Screen> = {}): Screen {
  return { formatVersion: 2, kind: 'screen', id, name, level, size: { width: 800, height: 600 }, background: 'background', elements: [], ...extra };
}

const SCREENS = new Map(
  [
    screen('overview', 'Plant overview', 'overview'),
    screen('line1', 'Line 1', 'area', { parent: 'overview', area: 'Line1' }),
    screen('line2', 'Line 2', 'area', { parent: 'overview', area: 'Line2' }),
    screen('filler', 'Filler', 'unit', { parent: 'line1', area: 'Line1/Filler' }),
    screen('capper', 'Capper', 'unit', { parent: 'line1' }),
    screen('filler-cip', 'Filler CIP', 'detail', { parent: 'filler' }),
    screen('loose', 'Utilities', 'unit'),
  ].map((s) => [s.id, s]),
);
const show = (rows: readonly TreeRow[]) => rows.map((r) => `${'  '.repeat(r.depth - 1)}${r.kind === 'screen' ? r.screen.name : r.kind === 'level' ? `L${r.level}${r.expanded ? '' : ' +'}` : `[${r.area}]${r.expanded ? '' : ' +'}`}`);

describe('the screen navigator tree', () => {
  it('takes a screen area from itself, else from its parents', () => {
    expect(['overview', 'line1', 'filler', 'capper', 'filler-cip', 'loose'].map((id) => areaOf(id, SCREENS))).toEqual(['', 'Line1', 'Line1/Filler', 'Line1', 'Line1/Filler', '']);
  });

  it('groups by level 1–4, then area, screens by name; screens without an area directly under their level', () => {
    expect(show(treeRows(SCREENS, '', new Set()))).toEqual([
      'Loverview',
      '  Plant overview',
      'Larea',
      '  [Line1]',
      '    Line 1',
      '  [Line2]',
      '    Line 2',
      'Lunit',
      '  Utilities',
      '  [Line1]',
      '    Capper',
      '  [Line1/Filler]',
      '    Filler',
      'Ldetail',
      '  [Line1/Filler]',
      '    Filler CIP',
    ]);
  });

  it('folds a level or an area', () => {
    expect(show(treeRows(SCREENS, '', new Set(['level:area', 'area:unit:Line1'])))).toEqual([
      'Loverview',
      '  Plant overview',
      'Larea +',
      'Lunit',
      '  Utilities',
      '  [Line1] +',
      '  [Line1/Filler]',
      '    Filler',
      'Ldetail',
      '  [Line1/Filler]',
      '    Filler CIP',
    ]);
  });

  it('filters by name, id, area or level, showing the groups of what matches, unfolded', () => {
    expect(show(treeRows(SCREENS, 'fill', new Set(['level:unit'])))).toEqual(['Lunit', '  [Line1/Filler]', '    Filler', 'Ldetail', '  [Line1/Filler]', '    Filler CIP']);
    expect(show(treeRows(SCREENS, 'line2', new Set()))).toEqual(['Larea', '  [Line2]', '    Line 2']);
    expect(show(treeRows(SCREENS, 'level 4', new Set()))).toEqual(['Ldetail', '  [Line1/Filler]', '    Filler CIP']);
    expect(treeRows(SCREENS, 'nothing like it', new Set())).toEqual([]);
  });
});
