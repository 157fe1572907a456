import { fail, ok, type Result } from '../../../common/result.ts';
import { ENV_REFERENCE, isSecretRef } from '../../../common/secrets.ts';
import type { ProjectSecretField } from './project-secret-fields.ts';
import type { SecretStore } from './secret-store.ts';

/**
 * Every secret value that has ever been published in Lineside's repository (the example project, the
 * documentation, their git history). Anyone can read them, so a station refuses to start with one
 * configured. `test/unit/published-secrets.test.ts` scans `git log -p` of examples/ and the docs and
 * fails when a value there is missing from this list: add it here, never remove one.
 */
export const PUBLISHED_SECRET_VALUES: readonly string[] = [
  // examples/bottling-line/mes.json, the REST connector's webhook secret until it was generated per install.
  'example-webhook-secret-change-me',
];

/** Where a configured secret comes from, for the refusal. */
interface Candidate {
  value: string;
  what: string;
  fix: string;
}

/**
 * Refuses when a configured secret equals a published example value: a value in the secrets file
 * (named with every project field that refers to it), a `${ENV}` reference's value, or the station
 * token. The message names the secret and the field, and says how to replace it.
 */
export function checkPublishedSecrets(options: {
  store: SecretStore;
  fields: readonly ProjectSecretField[];
  env: NodeJS.ProcessEnv;
  /** The station token and where it came from. */
  token?: { value: string; source: string };
}): Result<void> {
  const { store, fields, env } = options;
  const candidates: Candidate[] = [];
  const cli = `npm run secrets -- --data ${store.dir}`;
  for (const name of store.names()) {
    const users = fields.filter((f) => isSecretRef(f.value) && f.value.secret === name);
    const where = users.length > 0 ? ` (${users.map((f) => `${f.file}: ${f.field}`).join(', ')})` : '';
    const generated = users.some((f) => isSecretRef(f.value) && f.value.generate === true);
    candidates.push({
      value: store.get(name)!,
      what: `the secret "${name}"${where} in ${store.file}`,
      fix: generated ? `delete it (${cli} delete ${name}) and Lineside generates a new one at the next start, or set your own (${cli} set ${name})` : `set a value of your own: ${cli} set ${name}`,
    });
  }
  for (const f of fields) {
    const match = typeof f.value === 'string' ? ENV_REFERENCE.exec(f.value) : null;
    const value = match ? env[match[1]!] : undefined;
    if (value !== undefined) candidates.push({ value, what: `${f.file}: ${f.field} (the environment variable ${match![1]})`, fix: `give ${match![1]} a value of your own` });
  }
  if (options.token) candidates.push({ value: options.token.value, what: `the station token (${options.token.source})`, fix: 'choose another token' });
  for (const c of candidates) {
    if (!PUBLISHED_SECRET_VALUES.includes(c.value)) continue;
    return fail('config-error', `${c.what} is "${c.value}", a value published in Lineside's examples: anyone can read it. Lineside does not start with it; ${c.fix}.`);
  }
  return ok(undefined);
}
