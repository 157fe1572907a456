import { fail, ok, type Result } from '../../../common/result.ts';
import { ENV_REFERENCE, isSecretRef, isSecretStatus, SecretWriteSchema, type SecretField, type SecretRef, type SecretStatus } from '../../../common/secrets.ts';

/**
 * Secret fields inside a settings object (a device's `config`, an MES connector's `options`), found by
 * their declared dot paths. These functions turn what a client sent into what the project file holds
 * (references) plus the changes for the secrets file, and what the project holds into what a client
 * reads (set / not set). Pure: the caller owns the store.
 */

export type Settings = Record<string, unknown>;

/** The value at a dot path, or undefined. */
export function valueAt(settings: unknown, path: string): unknown {
  let node: unknown = settings;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `settings` with the value at `path` replaced (undefined: removed). Parents are created for a value. */
export function withValueAt(settings: Settings, path: string, value: unknown): Settings {
  const [key, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Settings = { ...settings };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = copy[key];
  if (typeof child !== 'object' || child === null || Array.isArray(child)) {
    if (value === undefined) return copy;
    copy[key] = withValueAt({}, rest.join('.'), value);
  } else {
    copy[key] = withValueAt(child as Settings, rest.join('.'), value);
  }
  return copy;
}

/** The secret names `settings` refers to at its secret fields. */
export function referencedSecrets(settings: unknown, fields: readonly SecretField[]): string[] {
  return fields.flatMap((f) => {
    const value = valueAt(settings, f.path);
    return isSecretRef(value) ? [value.secret] : [];
  });
}

/**
 * The settings as clients read them: every secret field that holds something becomes a status
 * (`{ set, name? }`); an inline value (a project not yet moved) shows as set. `${ENV}` references are
 * names, not values, and stay as written.
 */
export function redactSecretFields(settings: Settings, fields: readonly SecretField[], has: (name: string) => boolean): Settings {
  let out = settings;
  for (const { path } of fields) {
    const value = valueAt(settings, path);
    if (value === undefined) continue;
    out = withValueAt(out, path, statusOf(value, has));
  }
  return out;
}

function statusOf(value: unknown, has: (name: string) => boolean): SecretStatus | string {
  if (isSecretRef(value)) return { set: has(value.secret), name: value.secret };
  if (typeof value === 'string') return ENV_REFERENCE.test(value) ? value : { set: value !== '' };
  if (isSecretStatus(value)) return value;
  return { set: false };
}

export interface SecretWriteContext {
  fields: readonly SecretField[];
  /** The settings as the project holds them now (references), or undefined for a new entry. */
  previous: Settings | undefined;
  /** The name a new value gets when the field had no secret yet, e.g. `devices.plc1.auth.password`. */
  nameFor(path: string): string;
  /** How refusals name the settings object: `device.config` → `device.config.auth.password`. */
  where: string;
}

export interface PreparedSecrets {
  /** The settings to validate and write to the project file: every secret field a reference (or absent). */
  settings: Settings;
  /** The changes for the secrets file (applied only once the whole edit is accepted). */
  changes: Map<string, string | null>;
}

type Outcome = { kind: 'value'; value: string } | { kind: 'keep' } | { kind: 'clear' } | { kind: 'ref'; ref: SecretRef } | { kind: 'env'; text: string } | { kind: 'absent' };

/**
 * What a client sent (`{ value }`, `{ keep }` or the status as read, `{ clear }`, a plain string as a new
 * value, or absent) → references for the project file and changes for the secrets file. A reference by
 * another name than the field already had is refused: through the app a secret is set, kept or
 * cleared, never borrowed from another device (that would send its password elsewhere); such a
 * reference is written in the project file by hand.
 */
export function prepareSecretWrites(incoming: Settings, context: SecretWriteContext): Result<PreparedSecrets> {
  let settings = incoming;
  const changes = new Map<string, string | null>();
  const stillUsed = new Set<string>();
  const released: string[] = [];
  for (const { path } of context.fields) {
    const field = `${context.where}.${path}`;
    const before = valueAt(context.previous, path);
    const beforeRef = isSecretRef(before) ? before : undefined;
    const outcome = outcomeOf(valueAt(incoming, path), beforeRef, field);
    if (!outcome.ok) return outcome;
    const o = outcome.value;
    switch (o.kind) {
      case 'value': {
        const name = beforeRef?.secret ?? context.nameFor(path);
        changes.set(name, o.value);
        stillUsed.add(name);
        settings = withValueAt(settings, path, { secret: name });
        break;
      }
      case 'keep':
        if (beforeRef) stillUsed.add(beforeRef.secret);
        // An inline value the project still holds (not moved yet) is kept as it is.
        settings = withValueAt(settings, path, beforeRef ?? (typeof before === 'string' ? before : undefined));
        break;
      case 'ref':
        stillUsed.add(o.ref.secret);
        settings = withValueAt(settings, path, o.ref);
        break;
      case 'env':
        settings = withValueAt(settings, path, o.text);
        break;
      case 'clear':
      case 'absent':
        settings = withValueAt(settings, path, undefined);
        break;
    }
    if (beforeRef) released.push(beforeRef.secret);
  }
  // A secret this entry no longer refers to goes, when it was the entry's own (named after it).
  for (const name of released) {
    if (!stillUsed.has(name) && context.fields.some((f) => context.nameFor(f.path) === name)) changes.set(name, null);
  }
  return ok({ settings, changes });
}

/**
 * What a client sent, as the audit trail records it: each secret field says what was asked (a new
 * value, kept, cleared, a reference by name), never a value.
 */
export function describeSecretWrites(incoming: Settings, fields: readonly SecretField[]): Settings {
  let out = incoming;
  for (const { path } of fields) {
    const value = valueAt(incoming, path);
    if (value === undefined) continue;
    let shown: unknown;
    if (typeof value === 'string') shown = ENV_REFERENCE.test(value) ? value : { changed: true };
    else if (isSecretRef(value)) shown = { secret: value.secret };
    else if (isSecretStatus(value) || (typeof value === 'object' && value !== null && 'keep' in value)) shown = { kept: true };
    else if (typeof value === 'object' && value !== null && 'clear' in value) shown = { cleared: true };
    else shown = { changed: true };
    out = withValueAt(out, path, shown);
  }
  return out;
}

function outcomeOf(value: unknown, beforeRef: SecretRef | undefined, field: string): Result<Outcome> {
  if (value === undefined) return ok({ kind: 'absent' });
  if (typeof value === 'string') {
    if (ENV_REFERENCE.test(value)) return ok({ kind: 'env', text: value });
    if (value === '') return fail('bad-request', `${field}: a secret value cannot be empty (clear it instead: { "clear": true })`, field);
    return ok({ kind: 'value', value });
  }
  if (isSecretStatus(value)) return ok({ kind: 'keep' });
  if (isSecretRef(value)) {
    if (beforeRef?.secret === value.secret) return ok({ kind: 'ref', ref: value });
    return fail('bad-request', `${field}: a secret is chosen by name in the project file only; here give { "value": "…" }, { "keep": true } or { "clear": true }`, field);
  }
  const write = SecretWriteSchema.safeParse(value);
  if (!write.success) {
    return fail('bad-request', `${field}: a secret is written as { "value": "…" }, { "keep": true } or { "clear": true }`, field);
  }
  const w = write.data;
  if ('value' in w) return ok({ kind: 'value', value: w.value });
  if ('keep' in w) return ok({ kind: 'keep' });
  return ok({ kind: 'clear' });
}
