import type { AlarmDefinition } from '../../../common/alarms.ts';
import { fail, ok, type Problem, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import type { DriverFactory } from '../../../drivers/api.ts';
import { checkAlarmAgainstTags } from '../alarms/alarm-validation.ts';
import { parseDevice, parseTag, type EntryProblem, type LoadedDevice } from '../project/project-validation.ts';
import { expandAndCheck, type ExpandedInstance, type LoadedTemplate } from '../project/template-loader.ts';

export type RawEntry = Record<string, unknown>;

/** The project's devices and tags as they would be after an edit, as written in the files. */
export interface Candidate {
  devices: RawEntry[];
  /** `tags/x.json` → its entries, in file order. */
  tagFiles: Map<string, RawEntry[]>;
  /** `tags/x.json` → its template instances. */
  instances: Map<string, RawEntry[]>;
  templates: ReadonlyMap<string, LoadedTemplate>;
}

export interface CandidateTag {
  file: string;
  /** The entry as written; undefined for a member of a template instance. */
  raw: RawEntry | undefined;
  def: TagDefinition;
  /** The instance path, for members of a template instance. */
  instance?: string;
}

export interface CandidateInstance {
  file: string;
  raw: RawEntry;
  expanded: ExpandedInstance;
}

export interface ValidCandidate {
  devices: LoadedDevice[];
  tags: CandidateTag[];
  instances: CandidateInstance[];
}

/** The entry being edited: its problems name the field relative to it (`tag.source.address`). */
export type Focus = { kind: 'device'; name: string } | { kind: 'tag'; path: string } | { kind: 'instance'; path: string } | undefined;

/**
 * Checks the whole candidate as the loader would (devices against their drivers, tags against their
 * devices, names and paths unique), so an edit that breaks another entry (a device change that makes
 * a tag's address invalid) is refused too, naming that entry's file and field.
 */
export function validateCandidate(candidate: Candidate, drivers: ReadonlyMap<string, DriverFactory<unknown>>, focus: Focus): Result<ValidCandidate> {
  const devices: LoadedDevice[] = [];
  const byName = new Map<string, LoadedDevice>();
  for (const [i, raw] of candidate.devices.entries()) {
    const isFocus = focus?.kind === 'device' && raw['name'] === focus.name;
    const parsed = parseDevice(raw, drivers);
    if (!parsed.ok) return refuse(parsed.error, isFocus ? 'device' : undefined, 'project.json', `devices[${i}]`);
    const name = parsed.value.definition.name;
    if (byName.has(name)) return refuse({ field: 'name', message: `device name "${name}" is used twice` }, isFocus ? 'device' : undefined, 'project.json', `devices[${i}]`);
    byName.set(name, parsed.value);
    devices.push(parsed.value);
  }
  const tags: CandidateTag[] = [];
  const seen = new Map<string, string>();
  for (const [file, entries] of candidate.tagFiles) {
    for (const [i, raw] of entries.entries()) {
      const isFocus = focus?.kind === 'tag' && raw['path'] === focus.path;
      const parsed = parseTag(raw, byName);
      if (!parsed.ok) return refuse(parsed.error, isFocus ? 'tag' : undefined, file, `tags[${i}]`);
      const path = parsed.value.path;
      const other = seen.get(path);
      if (other !== undefined) return refuse({ field: 'path', message: `tag "${path}" is already defined in ${other}` }, isFocus ? 'tag' : undefined, file, `tags[${i}]`);
      seen.set(path, `${file} tags[${i}]`);
      tags.push({ file, raw, def: parsed.value });
    }
  }
  const instances: CandidateInstance[] = [];
  for (const [file, entries] of candidate.instances) {
    for (const [i, raw] of entries.entries()) {
      const isFocus = focus?.kind === 'instance' && raw['path'] === focus.path;
      const expanded = expandAndCheck(raw, candidate.templates, byName);
      if (!expanded.ok) return refuse(expanded.error, isFocus ? 'instance' : undefined, file, `instances[${i}]`);
      for (const def of expanded.value.tags) {
        const other = seen.get(def.path);
        if (other !== undefined) return refuse({ field: 'path', message: `${def.path} (a member) is already defined in ${other}` }, isFocus ? 'instance' : undefined, file, `instances[${i}]`);
        seen.set(def.path, `${file} instances[${i}]`);
        tags.push({ file, raw: undefined, def, instance: expanded.value.instance.path });
      }
      instances.push({ file, raw, expanded: expanded.value });
    }
  }
  return ok({ devices, tags, instances });
}

function refuse(problem: EntryProblem, focus: 'device' | 'tag' | 'instance' | undefined, file: string, where: string): Result<never, Problem> {
  if (focus) {
    const field = problem.field ? `${focus}.${problem.field}` : focus;
    return withText(fail('bad-request', `${field}: ${problem.message}`, field), problem.text);
  }
  const field = problem.field ? `${where}.${problem.field}` : where;
  return fail('bad-request', `${file}: ${field}: ${problem.message}`, `${file}#${field}`);
}

function withText(refused: Result<never, Problem>, text: Problem['text']): Result<never, Problem> {
  if (!refused.ok && text) refused.error.text = text;
  return refused;
}

/**
 * Alarms must still find their tags with a type their condition can use. A refusal names every alarm
 * that would break, so the engineer knows what to change first.
 */
export function checkAlarms(alarms: readonly AlarmDefinition[], tags: readonly TagDefinition[], field: string): Result<void> {
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const broken: string[] = [];
  for (const alarm of alarms) {
    const problem = checkAlarmAgainstTags(alarm, byPath);
    if (problem) broken.push(`${alarm.id} (${problem.field}: ${problem.message})`);
  }
  if (broken.length === 0) return ok(undefined);
  const shown = broken.slice(0, 10).join('; ');
  const more = broken.length > 10 ? `; and ${broken.length - 10} more` : '';
  return fail('bad-request', `${field}: alarms would break: ${shown}${more}. Change or delete those alarms first (Alarm setup).`, field);
}
