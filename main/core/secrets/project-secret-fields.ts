import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretField } from '../../../common/secrets.ts';
import { valueAt, type Settings } from './secret-fields.ts';

/** The project files that hold settings with secret fields. */
export type SecretFile = 'project.json' | 'mes.json';

/** One secret field of a device or an MES connector, as its project file holds it. */
export interface ProjectSecretField {
  file: SecretFile;
  /** Where the settings object is in its file's document: ['devices', 0, 'config']. */
  at: readonly (string | number)[];
  /** The field as messages name it: `devices[0].config.auth.password`. */
  field: string;
  /** Its path inside the settings: `auth.password`. */
  path: string;
  /** The name a value here is kept under in the secrets file: `devices.plc1.auth.password`. */
  name: string;
  value: unknown;
}

export interface ProjectSecretScan {
  /** The documents as read (undefined: the file does not exist). */
  docs: Map<SecretFile, Record<string, unknown>>;
  fields: ProjectSecretField[];
}

/** The name the app gives a device's secret: `devices.<device>.<path>`. */
export function deviceSecretName(device: string, path: string): string {
  return `devices.${device}.${path}`;
}

/** The name the app gives an MES connector's secret: `mes.<connector>.<path>`. */
export function connectorSecretName(connector: string, path: string): string {
  return `mes.${connector}.${path}`;
}

/**
 * Reads project.json and mes.json as written and lists every secret field of their devices and
 * connectors (by each driver's and transport's declared `secretFields`) with what it holds. Files the
 * loader accepted; anything it cannot read is skipped here (the loader names it).
 */
export async function scanProjectSecrets(projectDir: string, driverFields: (driver: string) => readonly SecretField[], connectorFields: (type: string) => readonly SecretField[]): Promise<ProjectSecretScan> {
  const docs = new Map<SecretFile, Record<string, unknown>>();
  const fields: ProjectSecretField[] = [];
  const sections: Array<[SecretFile, string, string, (entry: Settings) => readonly SecretField[], (entry: Settings, path: string) => string]> = [
    ['project.json', 'devices', 'config', (d) => driverFields(String(d['driver'])), (d, path) => deviceSecretName(String(d['name']), path)],
    ['mes.json', 'connectors', 'options', (c) => connectorFields(String(c['type'])), (c, path) => connectorSecretName(String(c['id']), path)],
  ];
  for (const [file, list, key, fieldsOf, nameOf] of sections) {
    const doc = await readDoc(join(projectDir, file));
    if (!doc) continue;
    docs.set(file, doc);
    const entries = doc[list];
    if (!Array.isArray(entries)) continue;
    for (const [i, entry] of entries.entries()) {
      if (typeof entry !== 'object' || entry === null) continue;
      const settings = (entry as Settings)[key];
      for (const { path } of fieldsOf(entry as Settings)) {
        const value = valueAt(settings, path);
        if (value === undefined) continue;
        fields.push({ file, at: [list, i, key], field: `${list}[${i}].${key}.${path}`, path, name: nameOf(entry as Settings, path), value });
      }
    }
  }
  return { docs, fields };
}

async function readDoc(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
