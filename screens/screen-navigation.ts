import type { Problem } from '../common/result.ts';
import type { Screen, ScreenElement, Template } from './screen-schema.ts';

/**
 * Checks across the screens of a project: every parent and every navigate/popup target is a screen,
 * every faceplate a template, and the parent chain (the display hierarchy) has no cycle. Paths are
 * prefixed with the screen id: `overview: elements[2].actions[0].screen: ...`.
 */
export function checkScreenReferences(screens: readonly Screen[], templates: readonly Template[] = []): Problem[] {
  const byId = new Map(screens.map((s) => [s.id, s]));
  const templateIds = new Set(templates.map((t) => t.id));
  const problems: Problem[] = [];
  const report = (screen: string, path: string, message: string): void => {
    problems.push({ code: 'config-error', message: `${screen}: ${path}: ${message}`, path: `${screen}: ${path}` });
  };
  const seen = new Set<string>();
  for (const screen of screens) {
    if (seen.has(screen.id)) report(screen.id, 'id', `two screens have the id "${screen.id}"`);
    seen.add(screen.id);
    if (screen.parent !== undefined && !byId.has(screen.parent)) report(screen.id, 'parent', `unknown screen "${screen.parent}"`);
    if (screen.level === 'overview' && screen.parent !== undefined) report(screen.id, 'parent', 'an overview has no parent');
    if (hasParentCycle(screen, byId)) report(screen.id, 'parent', 'the parent chain leads back to this screen');
    const visit = (elements: readonly ScreenElement[], at: string): void => {
      elements.forEach((element, i) => {
        element.actions.forEach((action, j) => {
          const where = `${at}[${i}].actions[${j}]`;
          if ((action.type === 'navigate' || action.type === 'popup') && !byId.has(action.screen)) report(screen.id, `${where}.screen`, `unknown screen "${action.screen}"`);
          if (action.type === 'faceplate' && !templateIds.has(action.template)) report(screen.id, `${where}.template`, `unknown template "${action.template}"`);
        });
        if (element.kind === 'group') visit(element.children, `${at}[${i}].children`);
      });
    };
    visit(screen.elements, 'elements');
  }
  return problems;
}

function hasParentCycle(screen: Screen, byId: ReadonlyMap<string, Screen>): boolean {
  const visited = new Set<string>([screen.id]);
  let parent = screen.parent;
  while (parent !== undefined) {
    if (visited.has(parent)) return parent === screen.id;
    visited.add(parent);
    parent = byId.get(parent)?.parent;
  }
  return false;
}
