import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlarmDefinitionSchema, type AlarmDefinition } from '../../../common/alarms.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { expandInstance, TemplateFileSchema, TemplateInstanceSchema, type TemplateFile, type TemplateInstance } from '../../../common/templates.ts';
import { parseEntry, parseTag, type LoadedDevice } from './project-validation.ts';

export interface LoadedTemplate {
  /** `templates/Pump.json` */
  file: string;
  template: TemplateFile;
}

/** An instance's tags and alarms, expanded and parsed. */
export interface ExpandedInstance {
  instance: TemplateInstance;
  tags: TagDefinition[];
  alarms: AlarmDefinition[];
}

/** The alarm "file" of an instance's template alarms: not a file, so the alarm editor leaves them alone. */
export function instanceAlarmFile(path: string): string {
  return `instance:${path}`;
}

/**
 * Tag templates (UDT-like types) are tag-templates/*.json; a missing folder is no templates. The file
 * name is the template's name. (templates/ holds the screens' templates, the faceplates.)
 */
export const TAG_TEMPLATE_FOLDER = 'tag-templates';

export async function loadTemplates(dir: string): Promise<Result<Map<string, LoadedTemplate>>> {
  let names: string[];
  try {
    names = (await readdir(join(dir, TAG_TEMPLATE_FOLDER))).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(new Map());
    return fail('config-error', `${TAG_TEMPLATE_FOLDER}: cannot read the folder: ${(error as Error).message}`, TAG_TEMPLATE_FOLDER);
  }
  const templates = new Map<string, LoadedTemplate>();
  for (const name of names) {
    const file = `${TAG_TEMPLATE_FOLDER}/${name}`;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      return fail('config-error', `${file}: not readable JSON: ${(error as Error).message}`, file);
    }
    const parsed = parseEntry(TemplateFileSchema, json);
    if (!parsed.ok) return fail('config-error', `${file}: ${parsed.error.field ?? ''}: ${parsed.error.message}`, `${file}#${parsed.error.field ?? ''}`);
    if (`${parsed.value.name}.json` !== name) return fail('config-error', `${file}: name: the template in ${name} must be named ${name.slice(0, -5)}`, `${file}#name`);
    templates.set(parsed.value.name, { file, template: parsed.value });
  }
  return ok(templates);
}

/**
 * One instance (as written in a tags file) expanded and checked: its template exists, the parameters
 * fit, and every member tag and alarm passes the same checks as a hand-written one. A problem names
 * the member (`Line1/P101/Speed: source.address: ...`) with `field` relative to the instance entry.
 */
export function expandAndCheck(raw: unknown, templates: ReadonlyMap<string, LoadedTemplate>, devices: ReadonlyMap<string, LoadedDevice>): Result<ExpandedInstance, { field?: string; message: string }> {
  const parsed = parseEntry(TemplateInstanceSchema, raw);
  if (!parsed.ok) return parsed;
  const instance = parsed.value;
  const loaded = templates.get(instance.template);
  if (!loaded) {
    const known = [...templates.keys()].join(', ') || 'none';
    return { ok: false, error: { field: 'template', message: `no template ${instance.template} (templates: ${known})` } };
  }
  const expanded = expandInstance(loaded.template, instance);
  if (!expanded.ok) return { ok: false, error: { field: expanded.error.path, message: expanded.error.message.replace(/^[\w.]+: /, '') } };
  const tags: TagDefinition[] = [];
  for (const member of expanded.value.tags) {
    const tag = parseTag(member, devices);
    const where = String(member['path']);
    if (!tag.ok) return { ok: false, error: { field: 'template', message: `${where} (from ${loaded.file}): ${tag.error.field ?? ''}: ${tag.error.message}` } };
    tags.push(tag.value);
  }
  const alarms: AlarmDefinition[] = [];
  for (const member of expanded.value.alarms) {
    const alarm = parseEntry(AlarmDefinitionSchema, member);
    if (!alarm.ok) return { ok: false, error: { field: 'template', message: `alarm ${String(member['id'])} (from ${loaded.file}): ${alarm.error.field ?? ''}: ${alarm.error.message}` } };
    alarms.push(alarm.value);
  }
  return ok({ instance, tags, alarms });
}
