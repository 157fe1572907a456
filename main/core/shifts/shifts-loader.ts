import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../common/result.ts';
import { isNumericType, type TagDefinition } from '../../../common/tag.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import { SHIFTS_FORMAT_VERSION, ShiftsFileSchema, type ShiftsFile } from './production-schema.ts';

export const SHIFTS_FILE = 'shifts.json';

/** Numbered migrations of shifts.json: entry N turns format N into N+1 (format 1 is the first). */
export const SHIFTS_MIGRATIONS: ReadonlyMap<number, (doc: Record<string, unknown>) => Record<string, unknown>> = new Map();

export function migrateShiftsFile(input: unknown): Result<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('config-error', 'expected a JSON object');
  let doc = input as Record<string, unknown>;
  const version = doc['formatVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return fail('config-error', `formatVersion must be a positive integer, not ${JSON.stringify(version)}`, 'formatVersion');
  if (version > SHIFTS_FORMAT_VERSION) return fail('config-error', `format version ${version} is newer than this Lineside reads (${SHIFTS_FORMAT_VERSION}); update Lineside`, 'formatVersion');
  for (let v = version; v < SHIFTS_FORMAT_VERSION; v++) {
    const step = SHIFTS_MIGRATIONS.get(v);
    if (!step) return fail('config-error', `no migration from format version ${v}`, 'formatVersion');
    doc = { ...step(doc), formatVersion: v + 1 };
  }
  return ok(doc);
}

/** Parses a shifts.json document and checks it against the project's tags. */
export function parseShiftsFile(input: unknown, tags: readonly TagDefinition[]): Result<ShiftsFile> {
  const migrated = migrateShiftsFile(input);
  if (!migrated.ok) return problem(migrated.error.message, migrated.error.path);
  const parsed = ShiftsFileSchema.safeParse(migrated.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return problem(issue.message, formatFieldPath(issue.path) || undefined);
  }
  const file = parsed.data;
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const names = new Set<string>();
  for (const [i, s] of file.shifts.entries()) {
    if (names.has(s.name)) return problem(`shift name "${s.name}" is used twice`, `shifts[${i}].name`);
    names.add(s.name);
  }
  const lines = new Set<string>();
  for (const [i, line] of file.lines.entries()) {
    if (lines.has(line.name)) return problem(`line "${line.name}" is defined twice`, `lines[${i}].name`);
    lines.add(line.name);
    for (const key of ['stateTag', 'goodCounter', 'rejectCounter'] as const) {
      const tag = byPath.get(line[key]);
      if (!tag) return problem(`unknown tag "${line[key]}"`, `lines[${i}].${key}`);
      if (!isNumericType(tag.dataType)) return problem(`${line[key]} is ${tag.dataType}; OEE needs a numeric tag`, `lines[${i}].${key}`);
      if (!tag.history?.enabled) return problem(`${line[key]} has no history (set history.enabled): OEE is computed from it`, `lines[${i}].${key}`);
    }
    const clash = tags.find((t) => t.path.startsWith(`${line.name}/OEE/`));
    if (clash) return problem(`the tag ${clash.path} is in the way of the line's OEE tags (${line.name}/OEE/...)`, `lines[${i}].name`);
  }
  for (const [i, path] of file.report.keyValues.entries()) {
    const tag = byPath.get(path);
    if (!tag) return problem(`unknown tag "${path}"`, `report.keyValues[${i}]`);
    if (!isNumericType(tag.dataType) || !tag.history?.enabled) return problem(`${path} must be a numeric tag with history enabled`, `report.keyValues[${i}]`);
  }
  return ok(file);
}

/** shifts.json of a project folder; a project without one has no shifts, OEE or reports. */
export async function loadShiftsFile(dir: string, tags: readonly TagDefinition[]): Promise<Result<ShiftsFile | undefined>> {
  let text: string;
  try {
    text = await readFile(join(dir, SHIFTS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return problem(`cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return problem(`not valid JSON: ${(error as Error).message}`);
  }
  return parseShiftsFile(json, tags);
}

function problem(message: string, field?: string): Result<never> {
  return fail('config-error', field ? `${SHIFTS_FILE}: ${field}: ${message}` : `${SHIFTS_FILE}: ${message}`, field ? `${SHIFTS_FILE}#${field}` : SHIFTS_FILE);
}
