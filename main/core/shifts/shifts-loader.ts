import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../common/result.ts';
import { isNumericType, type TagDefinition } from '../../../common/tag.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import { SHIFTS_FORMAT_VERSION, ShiftsFileSchema, type ShiftsFile } from './production-schema.ts';
import { shiftOverlaps } from './shift-coverage.ts';

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

/** A problem in shifts.json: the field inside it and what is wrong. */
export interface ShiftsProblem {
  field?: string;
  message: string;
}

/** Parses a shifts.json document and checks it against the project's tags; the first problem, naming the field. */
export function parseShiftsFile(input: unknown, tags: readonly TagDefinition[]): Result<ShiftsFile> {
  const checked = checkShiftsDocument(input, tags);
  const first = checked.problems[0];
  if (first) return problem(first.message, first.field);
  return ok(checked.value!);
}

/** Every problem of a shifts.json document (the schema's, then each tag it names), not only the first. */
export function checkShiftsDocument(input: unknown, tags: readonly TagDefinition[]): { value?: ShiftsFile; problems: ShiftsProblem[] } {
  const migrated = migrateShiftsFile(input);
  if (!migrated.ok) return { problems: [at(migrated.error.message, migrated.error.path)] };
  const parsed = ShiftsFileSchema.safeParse(migrated.value);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => at(issue.message, formatFieldPath(issue.path) || undefined)) };
  const file = parsed.data;
  const problems: ShiftsProblem[] = [];
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const names = new Set<string>();
  for (const [i, s] of file.shifts.entries()) {
    if (names.has(s.name)) problems.push(at(`shift name "${s.name}" is used twice`, `shifts[${i}].name`));
    names.add(s.name);
  }
  for (const overlap of shiftOverlaps(file.shifts)) problems.push(at(overlap.message, overlap.field));
  const lines = new Set<string>();
  for (const [i, line] of file.lines.entries()) {
    if (lines.has(line.name)) problems.push(at(`line "${line.name}" is defined twice`, `lines[${i}].name`));
    lines.add(line.name);
    for (const key of ['stateTag', 'goodCounter', 'rejectCounter'] as const) {
      const tag = byPath.get(line[key]);
      if (!tag) problems.push(at(`unknown tag "${line[key]}"`, `lines[${i}].${key}`));
      else if (!isNumericType(tag.dataType)) problems.push(at(`${line[key]} is ${tag.dataType}; OEE needs a numeric tag`, `lines[${i}].${key}`));
      else if (!tag.history?.enabled) problems.push(at(`${line[key]} has no history (set history.enabled): OEE is computed from it`, `lines[${i}].${key}`));
    }
    const clash = tags.find((t) => t.path.startsWith(`${line.name}/OEE/`));
    if (clash) problems.push(at(`the tag ${clash.path} is in the way of the line's OEE tags (${line.name}/OEE/...)`, `lines[${i}].name`));
  }
  for (const [i, path] of file.report.keyValues.entries()) {
    const tag = byPath.get(path);
    if (!tag) problems.push(at(`unknown tag "${path}"`, `report.keyValues[${i}]`));
    else if (!isNumericType(tag.dataType) || !tag.history?.enabled) problems.push(at(`${path} must be a numeric tag with history enabled`, `report.keyValues[${i}]`));
  }
  return problems.length > 0 ? { problems } : { value: file, problems };
}

/** shifts.json of a project folder (undefined: the project has none, so no shifts, OEE or reports), or every problem in it. */
export async function loadShiftsFile(dir: string, tags: readonly TagDefinition[]): Promise<Result<ShiftsFile | undefined, { problems: ShiftsProblem[] }>> {
  let text: string;
  try {
    text = await readFile(join(dir, SHIFTS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return { ok: false, error: { problems: [{ message: `cannot read: ${(error as Error).message}` }] } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { problems: [{ message: `not valid JSON: ${(error as Error).message}` }] } };
  }
  const checked = checkShiftsDocument(json, tags);
  return checked.value ? ok(checked.value) : { ok: false, error: { problems: checked.problems } };
}

function at(message: string, field: string | undefined): ShiftsProblem {
  return field ? { field, message } : { message };
}

function problem(message: string, field?: string): Result<never> {
  return fail('config-error', field ? `${SHIFTS_FILE}: ${field}: ${message}` : `${SHIFTS_FILE}: ${message}`, field ? `${SHIFTS_FILE}#${field}` : SHIFTS_FILE);
}
