import type { Screen, ScreenLevel } from '../../../screens/screen-schema.ts';
import { entryScore, queryTokens } from '../../ui/text-match.ts';
import { LEVEL_NUMBER } from './navigation.ts';

/** The levels' English names, which the filter always finds (the shown names are the catalogue's, `screens:level.*`). */
export const LEVEL_TITLE: Readonly<Record<ScreenLevel, string>> = { overview: 'Overview', area: 'Area', unit: 'Unit', detail: 'Detail' };
const LEVELS: readonly ScreenLevel[] = ['overview', 'area', 'unit', 'detail'];

/** One row of the navigator's tree, as drawn and as the arrow keys walk it. */
export type TreeRow =
  | { kind: 'level'; id: string; level: ScreenLevel; count: number; depth: 1; expanded: boolean }
  | { kind: 'area'; id: string; area: string; count: number; depth: 2; expanded: boolean; parent: string }
  | { kind: 'screen'; id: string; screen: Screen; depth: 2 | 3; parent: string };

/**
 * A screen's plant area: its own `area`, else the nearest one up its parent chain (a unit screen under a
 * line screen is in the line's area), else none ('').
 */
export function areaOf(id: string, screens: ReadonlyMap<string, Screen>): string {
  const seen = new Set<string>();
  for (let at: string | undefined = id; at !== undefined && !seen.has(at); at = screens.get(at)?.parent) {
    seen.add(at);
    const area = screens.get(at)?.area;
    if (area) return area;
  }
  return '';
}

/**
 * The rows shown: levels 1–4 (only those with screens), under each its areas (screens without one
 * directly under the level), under each area its screens by name. With a filter only the matching
 * screens and their groups show, all expanded; `collapsed` holds the ids of closed groups. `levelText` is the
 * level as the person reads it ("Ebene 4 · Detail"), found by the filter as well as the English words.
 */
export function treeRows(screens: ReadonlyMap<string, Screen>, filter: string, collapsed: ReadonlySet<string>, levelText: (level: ScreenLevel) => string = () => ''): TreeRow[] {
  const tokens = queryTokens(filter);
  const byLevel = new Map<ScreenLevel, Map<string, Screen[]>>();
  for (const screen of screens.values()) {
    const area = areaOf(screen.id, screens);
    if (tokens.length > 0 && entryScore(screen.name.toLowerCase(), `${screen.id} ${area} level ${LEVEL_NUMBER[screen.level]} ${LEVEL_TITLE[screen.level]} ${levelText(screen.level)}`.toLowerCase(), tokens) === 0) continue;
    let areas = byLevel.get(screen.level);
    if (!areas) byLevel.set(screen.level, (areas = new Map()));
    const list = areas.get(area);
    if (list) list.push(screen);
    else areas.set(area, [screen]);
  }
  const open = (id: string) => tokens.length > 0 || !collapsed.has(id);
  const byName = (a: Screen, b: Screen) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const rows: TreeRow[] = [];
  for (const level of LEVELS) {
    const areas = byLevel.get(level);
    if (!areas) continue;
    const levelId = `level:${level}`;
    const count = [...areas.values()].reduce((n, list) => n + list.length, 0);
    rows.push({ kind: 'level', id: levelId, level, count, depth: 1, expanded: open(levelId) });
    if (!open(levelId)) continue;
    // Screens with no area first, directly under the level; then the areas by name.
    for (const screen of (areas.get('') ?? []).sort(byName)) rows.push({ kind: 'screen', id: `screen:${screen.id}`, screen, depth: 2, parent: levelId });
    for (const area of [...areas.keys()].filter(Boolean).sort((a, b) => a.localeCompare(b))) {
      const areaId = `area:${level}:${area}`;
      const list = areas.get(area)!.sort(byName);
      rows.push({ kind: 'area', id: areaId, area, count: list.length, depth: 2, expanded: open(areaId), parent: levelId });
      if (!open(areaId)) continue;
      for (const screen of list) rows.push({ kind: 'screen', id: `screen:${screen.id}`, screen, depth: 3, parent: areaId });
    }
  }
  return rows;
}
