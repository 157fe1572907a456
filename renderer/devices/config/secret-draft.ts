import { isSecretStatus, type SecretField, type SecretStatus } from '../../../common/secrets.ts';

/** What the person did with one secret field: nothing (keep it), typed a new value, or asked to clear it. */
export type SecretEdit = { readonly kind: 'keep' } | { readonly kind: 'value'; readonly value: string } | { readonly kind: 'clear' };

export const KEEP: SecretEdit = { kind: 'keep' };

/** The form field name of a secret (`config.auth.password`), as the runtime names it in a refusal. */
export function secretFieldName(field: SecretField): string {
  return `config.${field.path}`;
}

/** The status the runtime listed at `path` of a device's config (`{ set, name }`), if any. */
export function secretStatusAt(config: unknown, path: string): SecretStatus | undefined {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return isSecretStatus(node) ? node : undefined;
}

/**
 * The config to send: a typed value goes as `{ value }`, a clear as `{ clear: true }`; an untouched
 * field is left as the JSON holds it (the status as listed, which the runtime keeps).
 */
export function withSecretEdits(config: Record<string, unknown>, edits: Readonly<Record<string, SecretEdit>>): Record<string, unknown> {
  let out = config;
  for (const [path, edit] of Object.entries(edits)) {
    if (edit.kind === 'keep' || (edit.kind === 'value' && edit.value === '')) continue;
    out = setAt(out, path.split('.'), edit.kind === 'value' ? { value: edit.value } : { clear: true });
  }
  return out;
}

function setAt(node: Record<string, unknown>, keys: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) return { ...node, [key]: value };
  const child = node[key];
  return { ...node, [key]: setAt(typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest, value) };
}
