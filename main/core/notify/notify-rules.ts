import { DateTime } from 'luxon';
import type { AlarmInfo, AlarmPriority } from '../../../common/alarms.ts';
import type { Level, NotifyFile, Person, Rule } from './notify-schema.ts';

/** What a rule looks at: the live alarm (its condition type is its class). */
export interface AlarmFacts {
  info: AlarmInfo;
}

/** The equipment an alarm is about: its tag's path without the last segment (`Line1/Filler/Speed` → `Line1/Filler`). */
export function equipmentOf(tag: string): string {
  const cut = tag.lastIndexOf('/');
  return cut > 0 ? tag.slice(0, cut) : tag;
}

/** Every given criterion must hold; an empty or missing list holds for every alarm. */
export function ruleMatches(rule: Rule, { info }: AlarmFacts): boolean {
  const { areas, priorities, classes, equipment } = rule.match;
  if (areas?.length && !areas.includes(info.area)) return false;
  if (priorities?.length && !priorities.includes(info.priority)) return false;
  if (classes?.length && !classes.includes(info.conditionType)) return false;
  if (equipment?.length && !equipment.some((prefix) => info.tag === prefix || info.tag.startsWith(`${prefix}/`))) return false;
  return true;
}

/** The escalation levels of a roster at a moment: those of the shift running then, or `otherwise`. */
export function levelsAt(file: NotifyFile, rosterName: string, shift: string | undefined): readonly Level[] {
  const roster = file.rosters.find((r) => r.name === rosterName);
  if (!roster) return [];
  return (shift !== undefined ? roster.shifts[shift] : undefined) ?? roster.otherwise ?? [];
}

export function peopleOf(file: NotifyFile, names: readonly string[]): Person[] {
  return names.map((name) => file.people.find((p) => p.name === name)).filter((p): p is Person => p !== undefined);
}

/** Whether `at` falls in the quiet hours (plant local time; a range past midnight wraps). */
export function inQuietHours(file: NotifyFile, at: number, timeZone: string): boolean {
  if (!file.quietHours) return false;
  const local = DateTime.fromMillis(at, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const [start, end] = [file.quietHours.start, file.quietHours.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))) as [number, number];
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function quietFor(file: NotifyFile, rule: Rule, priority: AlarmPriority, at: number, timeZone: string): boolean {
  return inQuietHours(file, at, timeZone) && !rule.quietHoursAllow.includes(priority);
}
