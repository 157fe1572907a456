import { z } from 'zod';
import { AlarmDefinitionSchema, type AlarmDefinition } from '../../../common/alarms.ts';
import { TagDefinitionSchema, type TagDefinition } from '../../../common/tag.ts';
import { checkLimitOrder } from '../../../common/alarm-limits.ts';
import { checkAlarmAgainstTags, type AlarmFileEntry } from '../alarms/alarm-validation.ts';
import { listJsonFiles, readJson } from './project-json.ts';
import { joinField, problem, schemaProblems, type ProjectProblem } from './project-problems.ts';
import { checkTagSource, type LoadedDevice } from './project-validation.ts';
import { expandAndCheck, instanceAlarmFile, type LoadedTemplate } from './template-loader.ts';

/** One tags/*.json file as read: the entries exactly as written (for the editor) and parsed. */
export interface TagFileEntry {
  file: string;
  raw: unknown[];
  /** Template instances as written. */
  instances: unknown[];
}

/** Where a tag is defined: `tags/filler.json`, `tags[3]` (or `instances[1]` for a template member). */
export interface TagOrigin {
  file: string;
  field: string;
}

export interface LoadedTags {
  tags: TagDefinition[];
  origins: Map<string, TagOrigin>;
  files: TagFileEntry[];
  /** Alarms of template instances. */
  generated: AlarmFileEntry[];
  /** Paths of tags that are defined but invalid: references to them are not reported again as missing. */
  broken: Set<string>;
}

/** The shape of a tags file; its entries are checked one by one, so one bad tag does not hide the next. */
const TagFileShape = z.strictObject({ tags: z.array(z.unknown()).default([]), instances: z.array(z.record(z.string(), z.unknown())).optional() });

/**
 * tags/*.json: every tag and template instance checked (schema, unique path, device, address), every
 * problem added to `problems`. `devices` undefined: project.json is broken, so sources are not checked.
 */
export async function loadTags(dir: string, devices: readonly LoadedDevice[] | undefined, templates: ReadonlyMap<string, LoadedTemplate> | undefined, problems: ProjectProblem[]): Promise<LoadedTags> {
  const byName = new Map((devices ?? []).map((d) => [d.definition.name, d]));
  const result: LoadedTags = { tags: [], origins: new Map(), files: [], generated: [], broken: new Set() };
  for (const file of await listJsonFiles(dir, 'tags', problems)) {
    const json = await readJson(dir, file, problems);
    if (json === undefined) continue;
    const shape = schemaProblems(TagFileShape, json, file);
    problems.push(...shape.problems);
    if (!shape.value) continue;
    result.files.push({ file, raw: shape.value.tags, instances: shape.value.instances ?? [] });
    for (const [i, raw] of shape.value.tags.entries()) {
      const where = `tags[${i}]`;
      const parsed = schemaProblems(TagDefinitionSchema, raw, file, where);
      if (!parsed.value) {
        problems.push(...parsed.problems);
        const path = (raw as { path?: unknown } | null)?.path;
        if (typeof path === 'string') result.broken.add(path);
        continue;
      }
      const tag = parsed.value;
      const other = result.origins.get(tag.path);
      if (other) {
        problems.push(problem(file, `tag "${tag.path}" is already defined in ${other.file} ${other.field}`, `${where}.path`));
        continue;
      }
      result.origins.set(tag.path, { file, field: where });
      if (devices) {
        const source = checkTagSource(tag, byName);
        if (source) {
          problems.push(problem(file, source.message, joinField(where, source.field)));
          result.broken.add(tag.path);
          continue;
        }
      }
      result.tags.push(tag);
    }
    for (const [i, raw] of (shape.value.instances ?? []).entries()) {
      const where = `instances[${i}]`;
      if (!templates) continue;
      const expanded = expandAndCheck(raw, templates, byName);
      if (!expanded.ok) {
        problems.push(problem(file, expanded.error.message, joinField(where, expanded.error.field)));
        const path = raw['path'];
        if (typeof path === 'string') result.broken.add(path);
        continue;
      }
      for (const tag of expanded.value.tags) {
        const other = result.origins.get(tag.path);
        if (other) {
          problems.push(problem(file, `tag "${tag.path}" (a member of ${expanded.value.instance.path}) is already defined in ${other.file} ${other.field}`, where));
          continue;
        }
        result.origins.set(tag.path, { file, field: where });
        result.tags.push(tag);
      }
      if (expanded.value.alarms.length > 0) result.generated.push({ file: instanceAlarmFile(expanded.value.instance.path), alarms: expanded.value.alarms });
    }
  }
  return result;
}

const AlarmFileShape = z.strictObject({ alarms: z.array(z.unknown()) });

/** alarms/*.json and the template instances' alarms: every alarm checked against the tags. */
export async function loadAlarms(dir: string, tags: readonly TagDefinition[], broken: ReadonlySet<string>, generated: readonly AlarmFileEntry[], problems: ProjectProblem[]): Promise<AlarmFileEntry[]> {
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const firstSeen = new Map<string, string>();
  const files: AlarmFileEntry[] = [];
  /** A problem about a tag that is itself broken was reported with that tag. */
  const aboutBrokenTag = (message: string) => [...broken].some((path) => message === `no tag ${path}`);
  for (const file of await listJsonFiles(dir, 'alarms', problems)) {
    const json = await readJson(dir, file, problems);
    if (json === undefined) continue;
    const shape = schemaProblems(AlarmFileShape, json, file);
    problems.push(...shape.problems);
    if (!shape.value) continue;
    const alarms = [];
    for (const [i, raw] of shape.value.alarms.entries()) {
      const where = `alarms[${i}]`;
      const parsed = schemaProblems(AlarmDefinitionSchema, raw, file, where);
      problems.push(...parsed.problems);
      const alarm = parsed.value;
      if (!alarm) continue;
      const other = firstSeen.get(alarm.id);
      if (other !== undefined) {
        problems.push(problem(file, `alarm "${alarm.id}" is already defined in ${other}`, `${where}.id`));
        continue;
      }
      firstSeen.set(alarm.id, `${file} ${where}`);
      const wrong = checkAlarmAgainstTags(alarm, byPath);
      if (wrong && !aboutBrokenTag(wrong.message)) problems.push(problem(file, wrong.message, `${where}.${wrong.field}`));
      alarms.push(alarm);
    }
    files.push({ file, alarms });
  }
  // Template alarms: the same checks, named by their instance.
  for (const entry of generated) {
    for (const alarm of entry.alarms) {
      const other = firstSeen.get(alarm.id);
      if (other !== undefined) {
        problems.push(problem(entry.file, `alarm "${alarm.id}" is already defined in ${other}`, 'id'));
        continue;
      }
      firstSeen.set(alarm.id, entry.file);
      const wrong = checkAlarmAgainstTags(alarm, byPath);
      if (wrong && !aboutBrokenTag(wrong.message)) problems.push(problem(entry.file, `alarm ${alarm.id}: ${wrong.message}`, wrong.field));
    }
    files.push(entry);
  }
  // LoLo < Lo < Hi < HiHi on each tag, across files and templates.
  const byTag = new Map<string, AlarmDefinition[]>();
  for (const f of files) for (const alarm of f.alarms) byTag.set(alarm.tag, [...(byTag.get(alarm.tag) ?? []), alarm]);
  for (const f of files) {
    for (const [i, alarm] of f.alarms.entries()) {
      const order = checkLimitOrder(alarm, byTag.get(alarm.tag) ?? []);
      if (order) problems.push(problem(f.file, `alarm ${alarm.id}: ${order.message}`, `${f.file.startsWith('alarms/') ? `alarms[${i}].` : ''}${order.field}`));
    }
  }
  return files;
}
