import type { ScreenElement, Template } from '../../screens/screen-schema.ts';
import { symbolTypeOf } from '../../screens/symbols/symbol-registry.ts';
import { expandTemplateInstance } from '../../screens/template-expansion.ts';
import { ElementBinder } from './element-binder.ts';

/** Element path → the tags whose alarm mark that element draws. */
export type AlarmMarks = ReadonlyMap<string, readonly string[]>;

/** The path of a child element, as `ElementView` names it (`element:<path>`): expanded template children already carry the instance id. */
export function childPath(path: string, box: { id: string }, child: { id: string }): string {
  return child.id.startsWith(`${box.id}/`) ? `${path.slice(0, path.length - box.id.length)}${child.id}` : `${path}/${child.id}`;
}

/**
 * Which element of one canvas marks which tag's alarms, so that one alarm shows one mark. Several
 * elements often read the same tag (a motor and the state text beside it both read `Filler/State`, a
 * template's frame and its text both read `{{machine}}/State`); each used to draw the same mark. Now:
 * - an alarm indicator symbol on the canvas shows the alarms of every tag under its area, so no
 *   element marks those again;
 * - any other alarmed tag is marked once, by the first element (document order, a group or
 *   template instance before its children) that reads it.
 * Computed once per document, from the bindings as written (`{{param}}` substituted).
 */
export function alarmMarks(elements: readonly ScreenElement[], templates: ReadonlyMap<string, Template>): AlarmMarks {
  const areas: string[] = [];
  const readers: { path: string; tags: readonly string[] }[] = [];
  const visit = (element: ScreenElement, path: string) => {
    if (symbolTypeOf(element) === 'alarm-indicator' && 'props' in element) {
      // As the indicator reads it (value-views.tsx): text, else the symbol's default.
      const area = element.props['area'];
      areas.push(typeof area === 'string' ? area : 'Line1');
    }
    const tags = new ElementBinder(element.bindings).tags;
    if (tags.length > 0) readers.push({ path, tags });
    let children: readonly ScreenElement[] = [];
    if (element.kind === 'group') children = element.children;
    else if (element.kind === 'template') {
      const expanded = expandTemplateInstance(element, templates);
      if (expanded.ok) children = expanded.value.children;
    }
    for (const child of children) visit(child, childPath(path, element, child));
  };
  for (const element of elements) visit(element, element.id);

  const underArea = (tag: string) => areas.some((area) => tag === area || tag.startsWith(`${area}/`));
  const claimed = new Set<string>();
  const marks = new Map<string, readonly string[]>();
  for (const { path, tags } of readers) {
    const mine = tags.filter((tag) => !claimed.has(tag) && !underArea(tag));
    for (const tag of mine) claimed.add(tag);
    if (mine.length > 0) marks.set(path, mine);
  }
  return marks;
}
