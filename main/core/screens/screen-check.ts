import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { screenDocumentProblems } from '../../../screens/screen-document.ts';
import type { Screen, ScreenDocument, Template } from '../../../screens/screen-schema.ts';
import { problem, type ProjectProblem } from '../project/project-problems.ts';
import { screenWarnings } from './screen-warnings.ts';

const FOLDERS = [
  ['templates', 'template'],
  ['screens', 'screen'],
] as const;

/** `elements[2].bindings.value: unexpected ")"` → field and message apart. */
function split(message: string, path: string | undefined): { field?: string; message: string } {
  if (!path) return { message };
  const prefix = `${path}: `;
  return { field: path, message: message.startsWith(prefix) ? message.slice(prefix.length) : message };
}

/**
 * Every problem of the project's screens and faceplates (`screens/*.json`, `templates/*.json`): a file
 * that is not a valid document is an error (the runtime cannot open it); a binding, tag prop or write
 * naming a tag the project lacks, an unknown template or a link to a missing screen is a warning, as the
 * editor saves such documents and flags them (`known` holds every tag path, broken ones included).
 */
export async function checkScreenFiles(projectDir: string, known: ReadonlySet<string>): Promise<ProjectProblem[]> {
  const problems: ProjectProblem[] = [];
  const loaded: { file: string; json: unknown; doc: ScreenDocument }[] = [];
  for (const [folder, kind] of FOLDERS) {
    let names: string[];
    try {
      names = (await readdir(join(projectDir, folder))).filter((n) => n.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(problem(folder, `cannot read the folder: ${(error as Error).message}`));
      continue;
    }
    for (const name of names) {
      const file = `${folder}/${name}`;
      let json: unknown;
      try {
        json = JSON.parse(await readFile(join(projectDir, file), 'utf8'));
      } catch (error) {
        problems.push(problem(file, (error as Error).message));
        continue;
      }
      const checked = screenDocumentProblems(json);
      for (const p of checked.problems) {
        const { field, message } = split(p.message, p.path);
        problems.push(problem(file, message, field));
      }
      const doc = checked.value;
      if (!doc || checked.problems.length > 0) continue;
      if (doc.kind !== kind) problems.push(problem(file, `expected a ${kind} in ${folder}/, got a ${doc.kind}`, 'kind'));
      else if (`${doc.id}.json` !== name) problems.push(problem(file, `id "${doc.id}" does not match the file name`, 'id'));
      else loaded.push({ file, json, doc });
    }
  }
  const view = {
    tags: known,
    screens: loaded.map((l) => l.doc).filter((d): d is Screen => d.kind === 'screen'),
    templates: loaded.map((l) => l.doc).filter((d): d is Template => d.kind === 'template'),
  };
  for (const { file, json, doc } of loaded) {
    for (const warning of screenWarnings(json, doc, view)) {
      const { field, message } = split(warning.message, warning.path);
      problems.push(problem(file, message, field || undefined, 'warning'));
    }
  }
  return problems;
}
