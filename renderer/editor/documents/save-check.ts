import type { Problem } from '../../../common/result.ts';
import { screenDocumentProblems } from '../../../screens/screen-document.ts';
import type { ScreenDocument, Template } from '../../../screens/screen-schema.ts';
import { i18n } from '../../i18n/i18n.ts';

/**
 * The largest document a save can carry: the gateway takes messages of at most 1 MiB
 * (main/gateway/gateway.ts `maxPayload`), and the call around the document needs a little room.
 */
export const MAX_SAVE_BYTES = 1024 * 1024 - 4096;

/**
 * Before anything is written: the whole document must load as the runtime will load it. Problems here
 * (a prop out of range, a binding that does not parse, a duplicate id) block the save; bindings to
 * tags that do not exist are not problems here — the runtime saves those and flags them. A document
 * too big for one gateway message (pictures stored in it) is refused here with its size, not by a
 * dropped connection.
 */
export function blockingProblems(doc: ScreenDocument, templates: ReadonlyMap<string, Template>): Problem[] {
  const problems = screenDocumentProblems(doc, { templates }).problems;
  const bytes = new TextEncoder().encode(JSON.stringify(doc)).length;
  if (bytes > MAX_SAVE_BYTES) {
    problems.push({
      code: 'bad-request',
      path: 'elements',
      // In the reader's language when the check runs (this module has no component to re-render).
      message: i18n.t(`save.tooBig.${doc.kind}`, { ns: 'editor', size: Math.ceil(bytes / 1024), max: Math.floor(MAX_SAVE_BYTES / 1024) }),
    });
  }
  return problems;
}
