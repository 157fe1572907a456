import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../../common/result.ts';
import { ENV_REFERENCE, isSecretRef, type SecretField } from '../../../common/secrets.ts';
import { formatJson, writeFilesAtomically } from '../config/project-files.ts';
import { scanProjectSecrets, type ProjectSecretField, type SecretFile } from './project-secret-fields.ts';
import { withValueAt, type Settings } from './secret-fields.ts';
import type { SecretStore } from './secret-store.ts';

export interface PreparedProjectSecrets {
  /** Inline values moved into the secrets file (their project file now refers to them by name). */
  moved: ProjectSecretField[];
  /** References with `"generate": true` that had no value: a random one was made (the example's webhook secret). */
  generated: ProjectSecretField[];
}

/** A random secret: 32 bytes, base64url (43 characters). */
export function generateSecretValue(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Run at start, after the project loaded: every secret written inline in project.json or mes.json
 * (a project from before the secrets file, or typed by hand) moves into the secrets file, and the
 * file is rewritten to refer to it by name; every `"generate": true` reference without a value gets a
 * random one. Why move instead of refusing: an upgraded station must come back up and run its line
 * unattended, and after the move the project folder can be shared or committed without its
 * passwords. When the project folder cannot be written, this refuses, saying how to move them by hand.
 */
export async function prepareProjectSecrets(options: {
  projectDir: string;
  store: SecretStore;
  driverFields: (driver: string) => readonly SecretField[];
  connectorFields: (type: string) => readonly SecretField[];
}): Promise<Result<PreparedProjectSecrets>> {
  const { store } = options;
  const scan = await scanProjectSecrets(options.projectDir, options.driverFields, options.connectorFields);
  const inline = scan.fields.filter((f) => typeof f.value === 'string' && f.value !== '' && !ENV_REFERENCE.test(f.value));
  const generate = scan.fields.filter((f) => isSecretRef(f.value) && f.value.generate === true && !store.has(f.value.secret));
  if (inline.length === 0 && generate.length === 0) return ok({ moved: [], generated: [] });

  const changes = new Map<string, string | null>();
  for (const f of inline) changes.set(f.name, f.value as string);
  for (const f of generate) changes.set((f.value as { secret: string }).secret, generateSecretValue());
  const previous = new Map([...changes.keys()].map((name) => [name, store.get(name) ?? null]));
  const stored = store.update(changes);
  if (!stored.ok) return stored;
  if (inline.length === 0) return ok({ moved: [], generated: generate });

  const files = new Map<string, string>();
  for (const [file, doc] of scan.docs) {
    const mine = inline.filter((f) => f.file === file);
    if (mine.length === 0) continue;
    let next: Settings = doc;
    for (const f of mine) next = withSettingsValue(next, f, { secret: f.name });
    files.set(file, formatJson(next));
  }
  const written = await writeFilesAtomically(options.projectDir, files);
  if (!written.ok) {
    store.update(previous);
    const f = inline[0]!;
    return fail(
      'config-error',
      `${f.file}: ${f.field} holds a secret in clear, and ${[...files.keys()].join(' and ')} cannot be rewritten to keep it in the secrets file instead (${written.error.message}). ` +
        `Let Lineside write the project folder for one start, or move it by hand: npm run secrets -- --data ${store.dir} set ${f.name} (it asks for the value), then write { "secret": "${f.name}" } in its place` +
        (inline.length > 1
          ? `; likewise ${inline
              .slice(1)
              .map((o) => `${o.file} ${o.field} (${o.name})`)
              .join(', ')}.`
          : '.'),
      `${f.file}#${f.field}`,
    );
  }
  return ok({ moved: inline, generated: generate });
}

function withSettingsValue(doc: Settings, field: ProjectSecretField, value: unknown): Settings {
  const [list, index, key] = field.at as [string, number, string];
  const entries = [...(doc[list] as Settings[])];
  const entry = entries[index]!;
  entries[index] = { ...entry, [key]: withValueAt((entry[key] ?? {}) as Settings, field.path, value) };
  return { ...doc, [list]: entries };
}

/** One line for the console about what moved or was generated (names and fields, never values). */
export function describePreparedSecrets(prepared: PreparedProjectSecrets, store: Pick<SecretStore, 'dir' | 'file'>): string[] {
  const lines: string[] = [];
  if (prepared.moved.length > 0) {
    const files = [...new Set(prepared.moved.map((m) => m.file))] as SecretFile[];
    lines.push(
      `Moved ${prepared.moved.length} secret(s) out of ${files.join(' and ')} into ${store.file}: ${prepared.moved.map((m) => `${m.file} ${m.field} → ${m.name}`).join(', ')}. ` +
        `If those files were ever shared or committed, their old values are in that history: change those passwords.`,
    );
  }
  if (prepared.generated.length > 0) {
    lines.push(
      `Generated ${prepared.generated.map((g) => `${g.file} ${g.field} (${(g.value as { secret: string }).secret})`).join(', ')} for this station; ` + `npm run secrets -- --data ${store.dir} get NAME shows a value to give to the MES.`,
    );
  }
  return lines;
}
