import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { problem, type ProjectProblem } from './project-problems.ts';

/** A JSON file of the project, or undefined with the reason (missing, unreadable, a syntax error with its line) added to `problems`. */
export async function readJson(dir: string, file: string, problems: ProjectProblem[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : (error as Error).message;
    problems.push(problem(file, `${why} (in ${relative(process.cwd(), dir) || dir})`));
    return undefined;
  }
  const syntax = jsonSyntaxError(text);
  if (syntax) {
    problems.push(problem(file, `not valid JSON: ${syntax}`));
    return undefined;
  }
  return JSON.parse(text) as unknown;
}

/** `.json` files of a project folder, sorted; a missing folder has none. */
export async function listJsonFiles(dir: string, folder: string, problems: ProjectProblem[]): Promise<string[]> {
  try {
    const names = await readdir(join(dir, folder));
    return names
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => `${folder}/${n}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(problem(folder, `cannot read the folder: ${(error as Error).message}`));
    return [];
  }
}

/** The first syntax error of a JSON text with its line and column (JSON.parse gives no position). */
function jsonSyntaxError(text: string): string | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return `${printParseErrorCode(first.error)} at line ${line} column ${column}`;
}
