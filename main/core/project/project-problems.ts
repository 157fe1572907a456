import type { z } from 'zod';
import { fail, type Problem, type Result } from '../../../common/result.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';

/**
 * One thing wrong with a project, in one file: what `npm run check` prints and the runtime refuses to
 * start on (errors) or starts with and reports (warnings). Kept generic (file, field, message,
 * severity) so every check of a project — the loader's, the screens', a driver's — adds to one list.
 */
export interface ProjectProblem {
  /** Relative to the project folder: `project.json`, `tags/filler.json`, `screens/line1.json`. */
  file: string;
  /** Inside the file: `tags[3].scaling.rawMax`; absent for the whole file. */
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}

export function problem(file: string, message: string, field?: string, severity: ProjectProblem['severity'] = 'error'): ProjectProblem {
  return field ? { file, field, message, severity } : { file, message, severity };
}

/** `tags/filler.json: tags[3].scaling.rawMax: rawMin and rawMax must differ` */
export function formatProblem(p: ProjectProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

export function errorsOf(problems: readonly ProjectProblem[]): ProjectProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

/** The loader's refusal: every error, one per line (the first one first, so a single problem reads as before). */
export function refusal(problems: readonly ProjectProblem[]): Result<never, Problem> {
  const errors = errorsOf(problems);
  const first = errors[0];
  if (!first) throw new Error('refusal() needs at least one error');
  return fail('config-error', errors.map(formatProblem).join('\n'), first.field ? `${first.file}#${first.field}` : first.file);
}

/** `a.b` + `c` → `a.b.c`; `tags[1]` + `` → `tags[1]`; `` + `x` → `x`. */
export function joinField(prefix: string | undefined, field: string | undefined): string | undefined {
  if (!prefix) return field || undefined;
  if (!field) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

/** Every issue of a zod parse, each naming its field under `prefix`; empty when the input is valid. */
export function schemaProblems<T>(schema: z.ZodType<T>, input: unknown, file: string, prefix?: string): { value?: T; problems: ProjectProblem[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => problem(file, issue.message, joinField(prefix, formatFieldPath(issue.path)))) };
}
