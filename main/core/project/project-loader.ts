import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import type { DriverFactory } from '../../../drivers/api.ts';
import { AlarmFileSchema } from '../../../common/alarms.ts';
import { checkAlarmAgainstTags, type AlarmFileEntry } from '../alarms/alarm-validation.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { ok, type Result } from '../../../common/result.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import { migrateProjectFile } from './project-migrations.ts';
import { loadShiftsFile } from '../shifts/shifts-loader.ts';
import type { ShiftsFile } from '../shifts/production-schema.ts';
import { checkDevice, checkTagSource, fileProblem, type LoadedDevice } from './project-validation.ts';
import { driverWarnings, type ProjectWarning } from './device-warnings.ts';
import { expandAndCheck, instanceAlarmFile, loadTemplates, type LoadedTemplate } from './template-loader.ts';
import {
  ProjectFileSchema,
  TagFileSchema,
  type DeviceDefinition,
  type ProjectFile,
} from './project-schema.ts';

export type { LoadedDevice } from './project-validation.ts';

export interface LoadedProject {
  dir: string;
  project: ProjectFile;
  devices: LoadedDevice[];
  tags: TagDefinition[];
  /** tags/*.json as written, for the configuration editor. */
  tagFiles: TagFileEntry[];
  /** templates/*.json by name. */
  templates: Map<string, LoadedTemplate>;
  /** project.json as read (migrated to the current format), for the configuration editor. */
  projectJson: Record<string, unknown>;
  /** alarms/*.json, checked against the tags. */
  alarms: AlarmFileEntry[];
  /** shifts.json (shift calendar, OEE lines, report settings), when the project has one. */
  shifts?: ShiftsFile | undefined;
  /** What is not right but does not stop the project (the drivers' warnings: overlapping Modbus addresses...). */
  warnings: ProjectWarning[];
}

/**
 * Reads a project folder (project.json and tags/*.json), validates every file and every cross
 * reference, and returns the whole project or the first problem, naming the file and the field. It
 * never returns part of a project: the runtime starts with all of it or not at all.
 */
export async function loadProject(
  dir: string,
  drivers: ReadonlyMap<string, DriverFactory<unknown>>,
): Promise<Result<LoadedProject>> {
  const projectJson = await readJson(dir, 'project.json');
  if (!projectJson.ok) return projectJson;
  const migrated = migrateProjectFile(projectJson.value);
  if (!migrated.ok) return fileProblem('project.json', migrated.error.message, migrated.error.path);
  const project = parseWith(ProjectFileSchema, migrated.value, 'project.json');
  if (!project.ok) return project;

  const devices = loadDevices(project.value.devices, drivers);
  if (!devices.ok) return devices;

  const templates = await loadTemplates(dir);
  if (!templates.ok) return templates;
  const tags = await loadTags(dir, devices.value, templates.value);
  if (!tags.ok) return tags;
  const alarms = await loadAlarms(dir, tags.value.tags, tags.value.generated);
  if (!alarms.ok) return alarms;
  const shifts = await loadShiftsFile(dir, tags.value.tags);
  if (!shifts.ok) return shifts;
  return ok({
    dir,
    project: project.value,
    devices: devices.value,
    tags: tags.value.tags,
    tagFiles: tags.value.files,
    templates: templates.value,
    projectJson: migrated.value as Record<string, unknown>,
    alarms: alarms.value,
    shifts: shifts.value,
    warnings: driverWarnings({ devices: devices.value, tags: tags.value.tags }),
  });
}

function loadDevices(
  definitions: DeviceDefinition[],
  drivers: ReadonlyMap<string, DriverFactory<unknown>>,
): Result<LoadedDevice[]> {
  const seen = new Set<string>();
  const devices: LoadedDevice[] = [];
  for (const [i, definition] of definitions.entries()) {
    const where = `devices[${i}]`;
    if (seen.has(definition.name)) {
      return fileProblem('project.json', `device name "${definition.name}" is used twice`, `${where}.name`);
    }
    seen.add(definition.name);
    const checked = checkDevice(definition, drivers);
    if (!checked.ok) return fileProblem('project.json', checked.error.message, at(where, checked.error.field));
    devices.push(checked.value);
  }
  return ok(devices);
}

/** One tags/*.json file as read: the entries exactly as written (for the editor) and parsed. */
export interface TagFileEntry {
  file: string;
  raw: unknown[];
  /** Template instances as written. */
  instances: unknown[];
}

async function loadTags(
  dir: string,
  devices: LoadedDevice[],
  templates: ReadonlyMap<string, LoadedTemplate>,
): Promise<Result<{ tags: TagDefinition[]; files: TagFileEntry[]; generated: AlarmFileEntry[] }>> {
  const files = await listTagFiles(dir);
  if (!files.ok) return files;
  const byName = new Map(devices.map((d) => [d.definition.name, d]));
  const firstSeen = new Map<string, string>();
  const tags: TagDefinition[] = [];
  const entries: TagFileEntry[] = [];
  const generated: AlarmFileEntry[] = [];
  for (const file of files.value) {
    const json = await readJson(dir, file);
    if (!json.ok) return json;
    const parsed = parseWith(TagFileSchema, json.value, file);
    if (!parsed.ok) return parsed;
    const written = json.value as { tags?: unknown[]; instances?: unknown[] };
    entries.push({ file, raw: written.tags ?? [], instances: written.instances ?? [] });
    for (const [i, tag] of parsed.value.tags.entries()) {
      const where = `tags[${i}]`;
      const other = firstSeen.get(tag.path);
      if (other !== undefined) {
        return fileProblem(file, `tag "${tag.path}" is already defined in ${other}`, `${where}.path`);
      }
      firstSeen.set(tag.path, `${file} ${where}`);
      const problem = checkTagSource(tag, byName);
      if (problem) return fileProblem(file, problem.message, at(where, problem.field));
      tags.push(tag);
    }
    for (const [i, raw] of (parsed.value.instances ?? []).entries()) {
      const expanded = expandAndCheck(raw, templates, byName);
      if (!expanded.ok) return fileProblem(file, expanded.error.message, at(`instances[${i}]`, expanded.error.field));
      for (const tag of expanded.value.tags) {
        const other = firstSeen.get(tag.path);
        if (other !== undefined) return fileProblem(file, `tag "${tag.path}" (a member of ${expanded.value.instance.path}) is already defined in ${other}`, `instances[${i}]`);
        firstSeen.set(tag.path, `${file} instances[${i}]`);
        tags.push(tag);
      }
      if (expanded.value.alarms.length > 0) generated.push({ file: instanceAlarmFile(expanded.value.instance.path), alarms: expanded.value.alarms });
    }
  }
  return ok({ tags, files: entries, generated });
}

async function loadAlarms(dir: string, tags: readonly TagDefinition[], generated: readonly AlarmFileEntry[]): Promise<Result<AlarmFileEntry[]>> {
  let names: string[];
  try {
    names = (await readdir(join(dir, 'alarms'))).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fileProblem('alarms', `cannot read the folder: ${(error as Error).message}`);
    names = [];
  }
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const firstSeen = new Map<string, string>();
  const files: AlarmFileEntry[] = [];
  for (const name of names) {
    const file = `alarms/${name}`;
    const json = await readJson(dir, file);
    if (!json.ok) return json;
    const parsed = parseWith(AlarmFileSchema, json.value, file);
    if (!parsed.ok) return parsed;
    for (const [i, alarm] of parsed.value.alarms.entries()) {
      const where = `alarms[${i}]`;
      const other = firstSeen.get(alarm.id);
      if (other !== undefined) return fileProblem(file, `alarm "${alarm.id}" is already defined in ${other}`, `${where}.id`);
      firstSeen.set(alarm.id, `${file} ${where}`);
      const problem = checkAlarmAgainstTags(alarm, byPath);
      if (problem) return fileProblem(file, problem.message, `${where}.${problem.field}`);
    }
    files.push({ file, alarms: parsed.value.alarms });
  }
  // Template alarms: the same checks, named by their instance.
  for (const entry of generated) {
    for (const alarm of entry.alarms) {
      const other = firstSeen.get(alarm.id);
      if (other !== undefined) return fileProblem(entry.file, `alarm "${alarm.id}" is already defined in ${other}`, 'id');
      firstSeen.set(alarm.id, entry.file);
      const problem = checkAlarmAgainstTags(alarm, byPath);
      if (problem) return fileProblem(entry.file, `alarm ${alarm.id}: ${problem.message}`, problem.field);
    }
    files.push(entry);
  }
  return ok(files);
}

async function listTagFiles(dir: string): Promise<Result<string[]>> {
  try {
    const names = await readdir(join(dir, 'tags'));
    return ok(names.filter((n) => n.endsWith('.json')).sort().map((n) => `tags/${n}`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return fileProblem('tags', `cannot read the folder: ${(error as Error).message}`);
  }
}

async function readJson(dir: string, file: string): Promise<Result<unknown>> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return fileProblem(file, `${why} (in ${relative(process.cwd(), dir) || dir})`);
  }
  const syntax = jsonSyntaxError(text);
  if (syntax) return fileProblem(file, `not valid JSON: ${syntax}`);
  return ok(JSON.parse(text) as unknown);
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown, file: string, prefix = ''): Result<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const field = [prefix, formatFieldPath(issue.path)].filter(Boolean).join(issue.path.length && typeof issue.path[0] === 'number' ? '' : '.');
  return fileProblem(file, issue.message, field || undefined);
}

function at(where: string, field: string | undefined): string {
  return field ? `${where}.${field}` : where;
}

/** The first syntax error of a JSON text with its line and column (JSON.parse gives no position). */
function jsonSyntaxError(text: string): string | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return `${printParseErrorCode(first.error)} at line ${line} column ${column}`;
}
