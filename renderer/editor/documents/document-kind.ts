import type { ScreenDocument } from '../../../screens/screen-schema.ts';
import { SCREEN_FORMAT_VERSION } from '../../../screens/screen-schema.ts';

export type DocumentKind = 'screen' | 'template';

/** The call area of a kind: `screens.save`, `templates.save`... */
export function callArea(kind: DocumentKind): 'screens' | 'templates' {
  return kind === 'screen' ? 'screens' : 'templates';
}

/** `Bottling line 2` → `bottling-line-2`: an id people can read in file names and links. */
export function idFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
  return slug || 'screen';
}

/** A free id near `wanted` among `taken`: `tank-area`, `tank-area-2`... */
export function freeDocumentId(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted.slice(0, 60)}-${n}`)) n++;
  return `${wanted.slice(0, 60)}-${n}`;
}

/** An empty document for "New": a unit-level screen at the control-room size, or a small template. */
export function emptyDocument(kind: DocumentKind, id: string, name: string): ScreenDocument {
  if (kind === 'screen') {
    return { formatVersion: SCREEN_FORMAT_VERSION, kind: 'screen', id, name, level: 'unit', size: { width: 1280, height: 720 }, background: 'background', elements: [] };
  }
  return { formatVersion: SCREEN_FORMAT_VERSION, kind: 'template', id, name, description: '', size: { width: 240, height: 160 }, params: [], elements: [] };
}
