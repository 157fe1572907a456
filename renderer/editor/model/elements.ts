import type { ScreenElement } from '../../../screens/screen-schema.ts';

/** Every id in the tree (group children included): ids are unique across a document. */
export function collectIds(elements: readonly ScreenElement[], into: Set<string> = new Set()): Set<string> {
  for (const element of elements) {
    into.add(element.id);
    if (element.kind === 'group') collectIds(element.children, into);
  }
  return into;
}

/** `tank-3` → a free id with the same stem: `tank-4`, `tank-5`... (reserves it in `taken`). */
export function freshId(wanted: string, taken: Set<string>): string {
  const stem = wanted.replace(/-\d+$/, '').slice(0, 56) || 'element';
  let n = 1;
  let id = `${stem}-${n}`;
  while (taken.has(id)) id = `${stem}-${++n}`;
  taken.add(id);
  return id;
}

/** A copy of an element (and its children) with fresh ids; bindings, props and actions kept as they are. */
export function withFreshIds(element: ScreenElement, taken: Set<string>): ScreenElement {
  const id = freshId(element.id, taken);
  if (element.kind === 'group') return { ...element, id, children: element.children.map((c) => withFreshIds(c, taken)) };
  return { ...element, id };
}

/** Top-level elements in `ids`, in document (z) order. */
export function selectedElements(elements: readonly ScreenElement[], ids: readonly string[]): ScreenElement[] {
  const wanted = new Set(ids);
  return elements.filter((e) => wanted.has(e.id));
}
