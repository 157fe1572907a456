import { DateTime } from 'luxon';
import type { AlarmInfo } from '../../../common/alarms.ts';
import type { NotificationKind } from '../../../common/notify-contract.ts';
import { severityOf } from '../../../common/quality.ts';
import { equipmentOf } from './notify-rules.ts';
import type { Person } from './notify-schema.ts';

/** Where a phone opens an alarm: the mobile alarm page of the station, with the alarm selected (after sign-in). */
export function alarmLink(base: string, alarmId: string, stationToken?: string): string {
  const route = `/mobile?alarm=${encodeURIComponent(alarmId)}`;
  const origin = base.replace(/\/+$/, '');
  // The route inside the fragment is encoded once more: the page takes `token=` out and keeps `route=` as its hash.
  return stationToken ? `${origin}/#token=${encodeURIComponent(stationToken)}&route=${encodeURIComponent(route)}` : `${origin}/#${route}`;
}

export interface Composed {
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

function valueText(info: AlarmInfo): string {
  if (info.value === null || info.value === undefined) return `no value (${info.quality})`;
  const value = typeof info.value === 'number' ? String(Math.round(info.value * 1000) / 1000) : JSON.stringify(info.value);
  return `${value}${info.units ? ` ${info.units}` : ''}${severityOf(info.quality) === 'good' ? '' : ` (${info.quality})`}`;
}

function localTime(at: number | undefined, timeZone: string): string {
  return at === undefined ? '—' : DateTime.fromMillis(at, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ');
}

/** One alarm's message: what, how bad, the value, the equipment, when, and the link that opens it. */
export function composeAlarm(kind: Exclude<NotificationKind, 'summary'>, info: AlarmInfo, level: number, people: readonly Person[], link: string, plant: string, timeZone: string): Composed {
  const priority = info.priority.toUpperCase();
  const equipment = equipmentOf(info.tag);
  const prefix = kind === 'escalation' ? `[${plant}] ESCALATED (level ${level + 1}) ` : `[${plant}] `;
  const subject = `${prefix}${priority} ${equipment}: ${info.message}`;
  const lines = [
    kind === 'escalation' ? `Not acknowledged yet: this alarm is escalated to you (level ${level + 1}).` : 'An alarm needs attention.',
    '',
    `Alarm:     ${info.message}`,
    `Priority:  ${info.priority}`,
    `Value:     ${valueText(info)}`,
    `Equipment: ${equipment}`,
    `Area:      ${info.area || '—'}`,
    `Tag:       ${info.tag}`,
    `Alarm id:  ${info.id}`,
    `Raised:    ${localTime(info.raisedAt, timeZone)}`,
    '',
    `Open it (acknowledge, shelve, comment): ${link}`,
    '',
    `Sent by Lineside at ${plant}.`,
  ];
  return {
    subject: subject.length > 200 ? `${subject.slice(0, 197)}...` : subject,
    body: lines.join('\n'),
    payload: {
      alarm: { id: info.id, message: info.message, priority: info.priority, area: info.area, tag: info.tag, raisedAt: info.raisedAt ?? null, state: info.state },
      value: info.value,
      units: info.units,
      quality: info.quality,
      equipment,
      link,
      people: people.map((p) => ({ name: p.name, ...(p.phone ? { phone: p.phone } : {}) })),
    },
  };
}

/** The flood guard's one message for the alarms it held back in a window. */
export function composeSummary(rule: string, held: readonly AlarmInfo[], windowSeconds: number, people: readonly Person[], link: string, plant: string): Composed {
  const shown = held.slice(0, 20);
  const byPriority = new Map<string, number>();
  for (const a of held) byPriority.set(a.priority, (byPriority.get(a.priority) ?? 0) + 1);
  const counts = [...byPriority].map(([p, n]) => `${n} ${p}`).join(', ');
  const lines = [
    `Alarm flood: ${held.length} more alarms of rule ${rule} within ${windowSeconds} s (${counts}). They are summed up here rather than sent one by one.`,
    '',
    ...shown.map((a) => `- ${a.priority.toUpperCase()} ${equipmentOf(a.tag)}: ${a.message} (${valueText(a)})`),
    ...(held.length > shown.length ? [`- and ${held.length - shown.length} more`] : []),
    '',
    `Open the alarm list: ${link}`,
  ];
  return {
    subject: `[${plant}] Alarm flood: ${held.length} alarms (${rule})`,
    body: lines.join('\n'),
    payload: {
      summary: { rule, count: held.length, windowSeconds, alarms: shown.map((a) => ({ id: a.id, message: a.message, priority: a.priority, tag: a.tag })) },
      link,
      people: people.map((p) => ({ name: p.name, ...(p.phone ? { phone: p.phone } : {}) })),
    },
  };
}
