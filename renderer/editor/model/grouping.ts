import type { GroupElement, ScreenElement } from '../../../screens/screen-schema.ts';
import { centreOf, normaliseDegrees, rotatePoint, unionBox } from './geometry.ts';
import { freshId } from './elements.ts';
import { tidy } from './transform.ts';

/**
 * Puts two or more top-level elements into one group at the place of the topmost of them; children
 * are stored relative to the group box.
 */
export function groupElements(elements: readonly ScreenElement[], ids: readonly string[], taken: Set<string>): { elements: ScreenElement[]; groupId: string } | undefined {
  const wanted = new Set(ids);
  const picked = elements.filter((e) => wanted.has(e.id));
  if (picked.length < 2) return undefined;
  const box = unionBox(picked)!;
  const group: GroupElement = {
    id: freshId('group', taken),
    kind: 'group',
    x: tidy(box.x),
    y: tidy(box.y),
    width: tidy(box.width),
    height: tidy(box.height),
    rotation: 0,
    locked: false,
    bindings: {},
    actions: [],
    children: picked.map((e) => ({ ...e, x: tidy(e.x - box.x), y: tidy(e.y - box.y) })),
  };
  const topmost = elements.findLastIndex((e) => wanted.has(e.id));
  const out: ScreenElement[] = [];
  elements.forEach((e, i) => {
    if (i === topmost) out.push(group);
    else if (!wanted.has(e.id)) out.push(e);
  });
  return { elements: out, groupId: group.id };
}

/** A group's children placed on the screen: scaled from its content size, turned with its rotation. */
export function releaseChildren(group: GroupElement): ScreenElement[] {
  const sx = group.contentSize ? group.width / group.contentSize.width : 1;
  const sy = group.contentSize ? group.height / group.contentSize.height : 1;
  const pivot = centreOf(group);
  return group.children.map((child) => {
    const width = child.width * sx;
    const height = child.height * sy;
    let centre = { x: group.x + (child.x + child.width / 2) * sx, y: group.y + (child.y + child.height / 2) * sy };
    if (group.rotation !== 0) centre = rotatePoint(centre, pivot, group.rotation);
    return {
      ...child,
      x: tidy(centre.x - width / 2),
      y: tidy(centre.y - height / 2),
      width: tidy(width),
      height: tidy(height),
      rotation: normaliseDegrees(child.rotation + group.rotation),
    };
  });
}

/** Replaces each selected group by its children, in its place in the drawing order. */
export function ungroupElements(elements: readonly ScreenElement[], ids: readonly string[]): { elements: ScreenElement[]; released: string[] } {
  const wanted = new Set(ids);
  const released: string[] = [];
  const out: ScreenElement[] = [];
  for (const e of elements) {
    if (e.kind === 'group' && wanted.has(e.id)) {
      const children = releaseChildren(e);
      released.push(...children.map((c) => c.id));
      out.push(...children);
    } else out.push(e);
  }
  return { elements: out, released };
}
