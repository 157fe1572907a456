import { DateTime } from 'luxon';
import type { AlarmInfo, AlarmPriority } from '../../../common/alarms.ts';
import type { NotificationKind } from '../../../common/notify-contract.ts';
import type { LanguageCode } from '../../../common/preferences.ts';
import { severityOf } from '../../../common/quality.ts';
import { equipmentOf } from './notify-rules.ts';
import type { Person } from './notify-schema.ts';
import { notifyWords, type NotifyWords } from './notify-texts.ts';

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

function valueText(info: AlarmInfo, words: NotifyWords): string {
  if (info.value === null || info.value === undefined) return words.noValue(info.quality);
  const value = typeof info.value === 'number' ? String(Math.round(info.value * 1000) / 1000) : JSON.stringify(info.value);
  return `${value}${info.units ? ` ${info.units}` : ''}${severityOf(info.quality) === 'good' ? '' : ` (${info.quality})`}`;
}

function localTime(at: number | undefined, timeZone: string): string {
  return at === undefined ? '—' : DateTime.fromMillis(at, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss ZZZZ');
}

/** Label and value lines with the values in one column, whatever the labels' lengths in a language. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
}

/**
 * One alarm's message in the reader's language: what, how bad, the value, the equipment, when, and the
 * link that opens it. `info` carries the message already in that language (the project's texts).
 */
export function composeAlarm(kind: Exclude<NotificationKind, 'summary'>, info: AlarmInfo, level: number, people: readonly Person[], link: string, plant: string, timeZone: string, language: LanguageCode = 'en'): Composed {
  const words = notifyWords(language);
  const priority = words.priority[info.priority];
  const equipment = equipmentOf(info.tag);
  const prefix = kind === 'escalation' ? `[${plant}] ${words.escalatedSubject(level + 1)} ` : `[${plant}] `;
  const subject = `${prefix}${priority} ${equipment}: ${info.message}`;
  const lines = [
    kind === 'escalation' ? words.escalatedLead(level + 1) : words.alarmLead,
    '',
    ...table([
      [words.alarm, info.message],
      [words.priorityLabel, language === 'en' ? info.priority : priority],
      [words.value, valueText(info, words)],
      [words.equipment, equipment],
      [words.area, info.area || '—'],
      [words.tag, info.tag],
      [words.alarmId, info.id],
      [words.raised, localTime(info.raisedAt, timeZone)],
    ]),
    '',
    `${words.open}: ${link}`,
    '',
    words.sentBy(plant),
  ];
  return {
    subject: subject.length > 200 ? `${subject.slice(0, 197)}...` : subject,
    body: lines.join('\n'),
    payload: {
      language,
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

/** The flood guard's one message for the alarms it held back in a window, in the reader's language. */
export function composeSummary(rule: string, held: readonly AlarmInfo[], windowSeconds: number, people: readonly Person[], link: string, plant: string, language: LanguageCode = 'en'): Composed {
  const words = notifyWords(language);
  const shown = held.slice(0, 20);
  const byPriority = new Map<AlarmPriority, number>();
  for (const a of held) byPriority.set(a.priority, (byPriority.get(a.priority) ?? 0) + 1);
  const counts = [...byPriority].map(([p, n]) => words.priorityCount(p, n)).join(', ');
  const lines = [
    words.floodLead(held.length, rule, windowSeconds, counts),
    '',
    ...shown.map((a) => `- ${words.priority[a.priority]} ${equipmentOf(a.tag)}: ${a.message} (${valueText(a, words)})`),
    ...(held.length > shown.length ? [`- ${words.andMore(held.length - shown.length)}`] : []),
    '',
    `${words.openList}: ${link}`,
  ];
  return {
    subject: `[${plant}] ${words.floodSubject(held.length, rule)}`,
    body: lines.join('\n'),
    payload: {
      language,
      summary: { rule, count: held.length, windowSeconds, alarms: shown.map((a) => ({ id: a.id, message: a.message, priority: a.priority, tag: a.tag })) },
      link,
      people: people.map((p) => ({ name: p.name, ...(p.phone ? { phone: p.phone } : {}) })),
    },
  };
}
