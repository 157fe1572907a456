import type { ScreenWarning } from '../../../common/screens-contract.ts';
import { referencedTags } from '../../../screens/expression/ast.ts';
import { parseExpression } from '../../../screens/expression/parser.ts';
import { screenDocumentProblems } from '../../../screens/screen-document.ts';
import { checkScreenReferences } from '../../../screens/screen-navigation.ts';
import type { Screen, ScreenDocument, ScreenElement, Template } from '../../../screens/screen-schema.ts';

/** What the rest of the project looks like when a document is checked against it. */
export interface ProjectView {
  tags: ReadonlySet<string>;
  screens: readonly Screen[];
  templates: readonly Template[];
}

/**
 * Problems that do not stop a document from being saved (an engineer draws the screen before the tags
 * or the faceplate exist) but that the editor shows: bindings and writes to tags the project lacks,
 * template instances and faceplates that do not match a template, links to screens that do not exist.
 * `input` is the document as written; `doc` the same, validated.
 */
export function screenWarnings(input: unknown, doc: ScreenDocument, project: ProjectView): ScreenWarning[] {
  const warnings: ScreenWarning[] = [];
  const add = (path: string, message: string): void => {
    const text = `${path}: ${message}`;
    if (!warnings.some((w) => w.message === text)) warnings.push({ path, message: text });
  };

  const visit = (elements: readonly ScreenElement[], at: string): void => {
    elements.forEach((element, i) => {
      const where = `${at}[${i}]`;
      for (const [name, text] of Object.entries(element.bindings)) {
        // Inside a template a {{param}} reference names no tag until an instance fills it in.
        if (doc.kind === 'template' && text.includes('{{')) continue;
        const parsed = parseExpression(text);
        if (!parsed.ok) continue;
        for (const tag of referencedTags(parsed.value)) if (!project.tags.has(tag)) add(`${where}.bindings.${name}`, `no tag "${tag}" in the project`);
      }
      const props = 'props' in element ? element.props : {};
      const tagProp = props['tag'];
      if (typeof tagProp === 'string' && !tagProp.includes('{{') && !project.tags.has(tagProp)) add(`${where}.props.tag`, `no tag "${tagProp}" in the project`);
      element.actions.forEach((action, j) => {
        if (action.type === 'write' && !action.tag.includes('{{') && !project.tags.has(action.tag)) add(`${where}.actions[${j}].tag`, `no tag "${action.tag}" in the project`);
      });
      if (element.kind === 'group') visit(element.children, `${where}.children`);
    });
  };
  visit(doc.elements, 'elements');

  const base = new Set(screenDocumentProblems(input).problems.map((p) => p.message));
  const templates = new Map(project.templates.map((t) => [t.id, t]));
  if (doc.kind === 'template') templates.set(doc.id, doc);
  for (const p of screenDocumentProblems(input, { templates }).problems) if (!base.has(p.message)) add(p.path ?? '', p.message.replace(/^[^:]*: /, ''));

  if (doc.kind === 'screen') {
    const screens = [...project.screens.filter((s) => s.id !== doc.id), doc];
    const prefix = `${doc.id}: `;
    for (const p of checkScreenReferences(screens, [...templates.values()])) {
      if (p.path?.startsWith(prefix)) add(p.path.slice(prefix.length), p.message.slice(prefix.length).replace(/^[^:]*: /, ''));
    }
  }
  return warnings;
}
