import { ENV_REFERENCE, isSecretRef, isSecretStatus } from '../../../common/secrets.ts';

/**
 * A last line of defence for what is recorded and shown (the audit trail, its search and export):
 * a value under a key that names a secret (`password`, `privateKey`, `token`, `webhookSecret`,
 * `secret`, …) is replaced by whether it was set. The callers already record secret fields as set /
 * changed / cleared; this catches what they did not know was secret, and records written by older
 * versions (which held device passwords in clear) when they are read.
 */
const SECRET_KEYS = new Set(['password', 'passphrase', 'privatekey', 'token', 'accesstoken', 'secret', 'webhooksecret', 'apikey', 'clientsecret']);

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));
}

/** A copy of `value` with every secret value masked; the same object when there was none. */
export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(scrubSecrets);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (typeof value !== 'object' || value === null || isSecretRef(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = isSecretKey(key) ? masked(item) : scrubSecrets(item);
    if (next !== item) (out ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return out ?? value;
}

function masked(value: unknown): unknown {
  if (typeof value === 'string') return ENV_REFERENCE.test(value) ? value : { set: value !== '' };
  if (typeof value !== 'object' || value === null || isSecretRef(value) || isSecretStatus(value)) return value;
  if (typeof (value as { value?: unknown }).value === 'string') return { set: true, changed: true };
  return scrubSecrets(value);
}

/** The same for JSON text as the audit trail stores it: masked and re-serialised only when something was secret. */
export function scrubSecretsInJson(text: string): string {
  if (text === '' || !/"[^"]*"\s*:/.test(text)) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const scrubbed = scrubSecrets(parsed);
  return scrubbed === parsed ? text : JSON.stringify(scrubbed);
}
