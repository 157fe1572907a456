import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, schemaProblems, type ProjectProblem } from '../project/project-problems.ts';
import { NOTIFY_FILE, NotifyFileSchema, type NotifyFile } from './notify-schema.ts';

/**
 * Reads notify.json of a project folder (absent: no notifications) and checks it against itself and
 * shifts.json: every problem at once, each naming the file and the field.
 */
export async function loadNotifyFile(dir: string, shiftNames: readonly string[] | undefined): Promise<{ value?: NotifyFile; problems: ProjectProblem[] }> {
  let text: string;
  try {
    text = await readFile(join(dir, NOTIFY_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problems: [] };
    return { problems: [problem(NOTIFY_FILE, `cannot read: ${(error as Error).message}`)] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [problem(NOTIFY_FILE, `not valid JSON: ${(error as Error).message}`)] };
  }
  const parsed = schemaProblems(NotifyFileSchema, json, NOTIFY_FILE);
  if (!parsed.value) return { problems: parsed.problems };
  const problems = checkNotifyReferences(parsed.value, shiftNames);
  return problems.length > 0 ? { problems } : { value: parsed.value, problems };
}

/** The cross references of a parsed notify.json: names used twice, people, rosters, shifts, webhooks, channels. */
export function checkNotifyReferences(file: NotifyFile, shiftNames: readonly string[] | undefined): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const at = (field: string, message: string) => problems.push(problem(NOTIFY_FILE, message, field));
  const unique = (list: readonly { name: string }[], what: string, field: string) => {
    const seen = new Set<string>();
    for (const [i, item] of list.entries()) {
      if (seen.has(item.name)) at(`${field}[${i}].name`, `${what} "${item.name}" is defined twice`);
      seen.add(item.name);
    }
    return seen;
  };
  const people = unique(file.people, 'person', 'people');
  const webhooks = unique(file.webhooks, 'webhook', 'webhooks');
  const rosters = unique(file.rosters, 'roster', 'rosters');
  unique(file.rules, 'rule', 'rules');
  const shifts = new Set(shiftNames ?? []);
  for (const [r, roster] of file.rosters.entries()) {
    const levelSets: Array<[string, typeof roster.otherwise]> = Object.entries(roster.shifts).map(([shift, levels]) => [`rosters[${r}].shifts.${shift}`, levels]);
    for (const shift of Object.keys(roster.shifts)) {
      if (!shiftNames) at(`rosters[${r}].shifts.${shift}`, 'rosters by shift need shifts.json, and this project has none');
      else if (!shifts.has(shift)) at(`rosters[${r}].shifts.${shift}`, `no shift "${shift}" in shifts.json (it has ${[...shifts].join(', ')})`);
    }
    if (roster.otherwise) levelSets.push([`rosters[${r}].otherwise`, roster.otherwise]);
    for (const [field, levels] of levelSets) {
      let previous = -1;
      for (const [l, level] of (levels ?? []).entries()) {
        for (const [p, name] of level.people.entries()) if (!people.has(name)) at(`${field}[${l}].people[${p}]`, `no person "${name}" in people`);
        if (level.afterMinutes <= previous) at(`${field}[${l}].afterMinutes`, `escalation levels come later one after the other: ${level.afterMinutes} is not after ${previous}`);
        previous = level.afterMinutes;
      }
    }
  }
  for (const [i, rule] of file.rules.entries()) {
    if (!rosters.has(rule.roster)) at(`rules[${i}].roster`, `no roster "${rule.roster}" in rosters`);
    for (const [c, channel] of rule.channels.entries()) {
      if (channel === 'email') {
        if (!file.email) at(`rules[${i}].channels[${c}]`, 'e-mail needs the email settings (host, from...)');
        const roster = file.rosters.find((r) => r.name === rule.roster);
        const named = new Set([...Object.values(roster?.shifts ?? {}), roster?.otherwise ?? []].flat().flatMap((l) => l.people));
        for (const name of named) {
          const person = file.people.find((p) => p.name === name);
          if (person && !person.email) at(`rules[${i}].channels[${c}]`, `${name} of roster ${rule.roster} has no email`);
        }
      } else if (!webhooks.has(channel.slice('webhook:'.length))) at(`rules[${i}].channels[${c}]`, `no webhook "${channel.slice('webhook:'.length)}" in webhooks`);
    }
  }
  return problems;
}
