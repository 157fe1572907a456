import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SECRET_VALUES } from '../../main/core/secrets/published-secrets.ts';
import { isSecretKey } from '../../main/core/secrets/scrub.ts';

const ROOT = join(import.meta.dirname, '../..');

/** `"webhookSecret": "value"`, `password: 'value'`, `token = "value"`: a value written under a key that names a secret. */
const ASSIGNMENT = /["']?([A-Za-z_-]+)["']?\s*[:=]\s*["']([^"'\n]+)["']/g;
/** Placeholders and references, not values: `...`, `<token>`, `${ENV}`, `S`. */
const NOT_A_VALUE = /^(\.\.\.|…|<[^>]*>|\$\{[^}]*\}|[A-Z]|)$/;

/** `{ "secret": "mes.erp.webhookSecret" }` names a secret in the secrets file: a reference, not a value. */
const REFERENCE = /^[A-Za-z0-9<>-]+(\.[A-Za-z0-9<>_-]+)+$/;

function secretValuesIn(text: string): string[] {
  const found: string[] = [];
  for (const [, key, value] of text.matchAll(ASSIGNMENT)) {
    if (!isSecretKey(key!) || NOT_A_VALUE.test(value!.trim()) || (key === 'secret' && REFERENCE.test(value!))) continue;
    found.push(value!);
  }
  return found;
}

/** The example projects, helpers and documentation that ship with Lineside, as they are now. */
function publishedFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'out' || name === 'test') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...publishedFiles(path));
    else if (name.endsWith('.md') || relative(ROOT, path).startsWith('examples')) files.push(path);
  }
  return files;
}

describe('published example secrets', () => {
  it('lists every secret value the examples and the documentation hold or ever held (git history included)', () => {
    const history = execFileSync('git', ['log', '-p', '--format=', '--', 'examples', '*.md'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const changed = history
      .split('\n')
      .filter((line) => /^[+-](?![+-]{2})/.test(line))
      .join('\n');
    const found = new Set([...secretValuesIn(changed), ...publishedFiles().flatMap((f) => secretValuesIn(readFileSync(f, 'utf8')))]);
    // The scan does find what was published (the example's old webhook secret).
    expect(found).toContain('example-webhook-secret-change-me');
    const missing = [...found].filter((value) => !PUBLISHED_SECRET_VALUES.includes(value));
    expect(missing, 'add these to PUBLISHED_SECRET_VALUES (main/core/secrets/published-secrets.ts)').toEqual([]);
  });
});
