import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import type { DriverFactory } from '../../../drivers/api.ts';
import { AlarmFileSchema } from '../../../common/alarms.ts';
import { checkAlarmAgainstTags, type AlarmFileEntry } from '../alarms/alarm-validation.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { Problem } from '../../../common/result.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import { migrateProjectFile } from './project-migrations.ts';
import { loadShiftsFile } from '../shifts/shifts-loader.ts';
import type { ShiftsFile } from '../shifts/production-schema.ts';
import {
  ProjectFileSchema,
  TagFileSchema,
  type DeviceDefinition,
  type ProjectFile,
} from './project-schema.ts';

export interface LoadedDevice {
  definition: DeviceDefinition;
  factory: DriverFactory<unknown>;
  /** The driver's config, parsed by its own schema. */
  config: unknown;
}

export interface LoadedProject {
  dir: string;
  project: ProjectFile;
  devices: LoadedDevice[];
  tags: TagDefinition[];
  /** alarms/*.json, checked against the tags. */
  alarms: AlarmFileEntry[];
  /** shifts.json (shift calendar, OEE lines, report settings), when the project has one. */
  shifts?: ShiftsFile | undefined;
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

  const tags = await loadTags(dir, devices.value);
  if (!tags.ok) return tags;
  const alarms = await loadAlarms(dir, tags.value);
  if (!alarms.ok) return alarms;
  const shifts = await loadShiftsFile(dir, tags.value);
  if (!shifts.ok) return shifts;
  return ok({ dir, project: project.value, devices: devices.value, tags: tags.value, alarms: alarms.value, shifts: shifts.value });
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
    const factory = drivers.get(definition.driver);
    if (!factory) {
      const known = [...drivers.keys()].join(', ');
      return fileProblem('project.json', `unknown driver "${definition.driver}" (known: ${known})`, `${where}.driver`);
    }
    const config = parseWith(factory.configSchema, definition.config, 'project.json', `${where}.config`);
    if (!config.ok) return config;
    devices.push({ definition, factory, config: config.value });
  }
  return ok(devices);
}

async function loadTags(dir: string, devices: LoadedDevice[]): Promise<Result<TagDefinition[]>> {
  const files = await listTagFiles(dir);
  if (!files.ok) return files;
  const byName = new Map(devices.map((d) => [d.definition.name, d]));
  const firstSeen = new Map<string, string>();
  const tags: TagDefinition[] = [];
  for (const file of files.value) {
    const json = await readJson(dir, file);
    if (!json.ok) return json;
    const parsed = parseWith(TagFileSchema, json.value, file);
    if (!parsed.ok) return parsed;
    for (const [i, tag] of parsed.value.tags.entries()) {
      const where = `tags[${i}]`;
      const other = firstSeen.get(tag.path);
      if (other !== undefined) {
        return fileProblem(file, `tag "${tag.path}" is already defined in ${other}`, `${where}.path`);
      }
      firstSeen.set(tag.path, `${file} ${where}`);
      const device = byName.get(tag.source.device);
      if (!device) {
        const known = [...byName.keys()].join(', ') || 'none';
        return fileProblem(file, `unknown device "${tag.source.device}" (devices: ${known})`, `${where}.source.device`);
      }
      const address = device.factory.validateAddress(tag.source.address, device.config, tag.source.options);
      if (!address.ok) return fileProblem(file, address.error.message, `${where}.source.${tag.source.options && address.error.path?.startsWith('options') ? address.error.path : 'address'}`);
      tags.push(tag);
    }
  }
  return ok(tags);
}

async function loadAlarms(dir: string, tags: readonly TagDefinition[]): Promise<Result<AlarmFileEntry[]>> {
  let names: string[];
  try {
    names = (await readdir(join(dir, 'alarms'))).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return fileProblem('alarms', `cannot read the folder: ${(error as Error).message}`);
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

function fileProblem(file: string, message: string, field?: string): Result<never, Problem> {
  const where = field ? `${file}: ${field}` : file;
  return fail('config-error', `${where}: ${message}`, field ? `${file}#${field}` : file);
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
