import type { Problem } from '../../../common/result.ts';
import { screenDocumentProblems } from '../../../screens/screen-document.ts';
import type { ScreenDocument, Template } from '../../../screens/screen-schema.ts';

/**
 * Before anything is written: the whole document must load as the runtime will load it. Problems here
 * (a prop out of range, a binding that does not parse, a duplicate id) block the save; bindings to
 * tags that do not exist are not problems here — the runtime saves those and flags them.
 */
export function blockingProblems(doc: ScreenDocument, templates: ReadonlyMap<string, Template>): Problem[] {
  return screenDocumentProblems(doc, { templates }).problems;
}
