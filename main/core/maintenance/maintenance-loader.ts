import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, schemaProblems, type ProjectProblem } from '../project/project-problems.ts';
import { MAINTENANCE_FILE, MaintenanceFileSchema, type MaintenanceFile } from './maintenance-schema.ts';

/**
 * Reads maintenance.json of a project folder (absent: no maintenance counting) and checks it against the
 * project's tags: every problem at once, each naming the file and the field.
 */
export async function loadMaintenanceFile(dir: string, tagType: (path: string) => string | undefined): Promise<{ value?: MaintenanceFile; problems: ProjectProblem[] }> {
  let text: string;
  try {
    text = await readFile(join(dir, MAINTENANCE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problems: [] };
    return { problems: [problem(MAINTENANCE_FILE, `cannot read: ${(error as Error).message}`)] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [problem(MAINTENANCE_FILE, `not valid JSON: ${(error as Error).message}`)] };
  }
  const parsed = schemaProblems(MaintenanceFileSchema, json, MAINTENANCE_FILE);
  if (!parsed.value) return { problems: parsed.problems };
  const problems = checkMaintenanceReferences(parsed.value, tagType);
  return problems.length > 0 ? { problems } : { value: parsed.value, problems };
}

/** Equipment named twice, intervals named twice, tags that do not exist or cannot count. */
export function checkMaintenanceReferences(file: MaintenanceFile, tagType: (path: string) => string | undefined): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const at = (field: string, message: string) => problems.push(problem(MAINTENANCE_FILE, message, field));
  const ids = new Set<string>();
  for (const [e, equipment] of file.equipment.entries()) {
    if (ids.has(equipment.id)) at(`equipment[${e}].id`, `equipment "${equipment.id}" is defined twice`);
    ids.add(equipment.id);
    if (equipment.runningTag !== undefined) {
      const type = tagType(equipment.runningTag);
      if (type === undefined) at(`equipment[${e}].runningTag`, `no tag ${equipment.runningTag}`);
      else if (type === 'string' || type === 'datetime') at(`equipment[${e}].runningTag`, `${equipment.runningTag} is a ${type} tag; running needs a boolean (or a number, 0 for stopped)`);
    }
    if (equipment.cycleTag !== undefined) {
      const type = tagType(equipment.cycleTag);
      if (type === undefined) at(`equipment[${e}].cycleTag`, `no tag ${equipment.cycleTag}`);
      else if (type === 'bool' || type === 'string' || type === 'datetime') at(`equipment[${e}].cycleTag`, `${equipment.cycleTag} is a ${type} tag; cycles need a numeric counter`);
    }
    const names = new Set<string>();
    for (const [i, interval] of equipment.intervals.entries()) {
      if (names.has(interval.name)) at(`equipment[${e}].intervals[${i}].name`, `interval "${interval.name}" is defined twice for ${equipment.id}`);
      names.add(interval.name);
      if ((interval.every.hours !== undefined || interval.every.starts !== undefined) && equipment.runningTag === undefined) at(`equipment[${e}].intervals[${i}].every`, `counting hours or starts needs the equipment's runningTag`);
      if (interval.every.cycles !== undefined && equipment.cycleTag === undefined) at(`equipment[${e}].intervals[${i}].every`, `counting cycles needs the equipment's cycleTag`);
    }
  }
  return problems;
}
