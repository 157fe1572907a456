import type { z } from 'zod';
import type { Problem } from './result.ts';

/** `tags[3].scaling.euMax` from zod's path segments. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** The first issue of a zod error as a readable problem naming the field. */
export function problemFromZod(error: z.ZodError, prefix = ''): Problem {
  const issue = error.issues[0];
  if (!issue) return { code: 'bad-request', message: prefix ? `${prefix}: invalid` : 'invalid' };
  const field = formatFieldPath(issue.path);
  const where = [prefix, field].filter(Boolean).join(field && prefix ? '.' : '');
  const message = where ? `${where}: ${issue.message}` : issue.message;
  return where ? { code: 'bad-request', message, path: where } : { code: 'bad-request', message };
}
