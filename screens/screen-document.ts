import type { Problem, Result } from '../common/result.ts';
import { formatFieldPath } from '../common/zod-problem.ts';
import { migrateScreenDocument } from './screen-migrations.ts';
import { ScreenDocumentSchema, type ScreenDocument } from './screen-schema.ts';
import { checkScreenDocument, type CheckOptions } from './screen-validation.ts';

/**
 * A screen or template document from JSON: migrated to the current format, parsed by the schema, then
 * checked (symbols, props, bindings, ids). The error names the path of the first problem; `problems`
 * lists all of them for the editor.
 */
export function loadScreenDocument(input: unknown, options: CheckOptions = {}): Result<ScreenDocument> {
  const result = screenDocumentProblems(input, options);
  if (result.value !== undefined && result.problems.length === 0) return { ok: true, value: result.value };
  const first = result.problems[0] ?? { code: 'bad-request' as const, message: 'invalid screen document' };
  return { ok: false, error: first };
}

export function screenDocumentProblems(input: unknown, options: CheckOptions = {}): { value?: ScreenDocument; problems: Problem[] } {
  const migrated = migrateScreenDocument(input);
  if (!migrated.ok) return { problems: [migrated.error] };
  const parsed = ScreenDocumentSchema.safeParse(migrated.value);
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((issue) => {
        const path = formatFieldPath(issue.path);
        return path ? { code: 'bad-request', message: `${path}: ${issue.message}`, path } : { code: 'bad-request', message: issue.message };
      }),
    };
  return checkScreenDocument(parsed.data, options);
}
