import type { AlarmPriority } from '../../../common/alarms.ts';
import type { LanguageCode } from '../../../common/preferences.ts';

/**
 * The words of notification messages in each interface language (a mail is read away from the HMI, so
 * its catalogue lives with the runtime). Arabic has none yet and reads English. The alarm's own message
 * comes from the project's texts (texts/<lang>.json), not from here.
 */
export interface NotifyWords {
  priority: Record<AlarmPriority, string>;
  escalatedSubject: (level: number) => string;
  escalatedLead: (level: number) => string;
  alarmLead: string;
  alarm: string;
  priorityLabel: string;
  value: string;
  equipment: string;
  area: string;
  tag: string;
  alarmId: string;
  raised: string;
  noValue: (quality: string) => string;
  open: string;
  sentBy: (plant: string) => string;
  floodSubject: (count: number, rule: string) => string;
  floodLead: (count: number, rule: string, seconds: number, counts: string) => string;
  andMore: (count: number) => string;
  priorityCount: (priority: AlarmPriority, count: number) => string;
  openList: string;
}

const EN: NotifyWords = {
  priority: { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' },
  escalatedSubject: (level) => `ESCALATED (level ${level})`,
  escalatedLead: (level) => `Not acknowledged yet: this alarm is escalated to you (level ${level}).`,
  alarmLead: 'An alarm needs attention.',
  alarm: 'Alarm',
  priorityLabel: 'Priority',
  value: 'Value',
  equipment: 'Equipment',
  area: 'Area',
  tag: 'Tag',
  alarmId: 'Alarm id',
  raised: 'Raised',
  noValue: (quality) => `no value (${quality})`,
  open: 'Open it (acknowledge, shelve, comment)',
  sentBy: (plant) => `Sent by Lineside at ${plant}.`,
  floodSubject: (count, rule) => `Alarm flood: ${count} alarms (${rule})`,
  floodLead: (count, rule, seconds, counts) => `Alarm flood: ${count} more alarms of rule ${rule} within ${seconds} s (${counts}). They are summed up here rather than sent one by one.`,
  andMore: (count) => `and ${count} more`,
  priorityCount: (priority, count) => `${count} ${priority}`,
  openList: 'Open the alarm list',
};

const DE: NotifyWords = {
  priority: { critical: 'KRITISCH', high: 'HOCH', medium: 'MITTEL', low: 'NIEDRIG' },
  escalatedSubject: (level) => `ESKALIERT (Stufe ${level})`,
  escalatedLead: (level) => `Noch nicht quittiert: Dieser Alarm wird an Sie eskaliert (Stufe ${level}).`,
  alarmLead: 'Ein Alarm braucht Ihre Aufmerksamkeit.',
  alarm: 'Alarm',
  priorityLabel: 'Priorität',
  value: 'Wert',
  equipment: 'Anlagenteil',
  area: 'Bereich',
  tag: 'Variable',
  alarmId: 'Alarm-ID',
  raised: 'Ausgelöst',
  noValue: (quality) => `kein Wert (${quality})`,
  open: 'Öffnen (quittieren, zurückstellen, kommentieren)',
  sentBy: (plant) => `Gesendet von Lineside, ${plant}.`,
  floodSubject: (count, rule) => `Alarmflut: ${count} Alarme (${rule})`,
  floodLead: (count, rule, seconds, counts) => `Alarmflut: ${count} weitere Alarme der Regel ${rule} innerhalb von ${seconds} s (${counts}). Sie sind hier zusammengefasst statt einzeln gesendet.`,
  andMore: (count) => `und ${count} weitere`,
  priorityCount: (priority, count) => `${count} × ${{ critical: 'Kritisch', high: 'Hoch', medium: 'Mittel', low: 'Niedrig' }[priority]}`,
  openList: 'Alarmliste öffnen',
};

const WORDS: Partial<Record<LanguageCode, NotifyWords>> = { en: EN, de: DE };

/** The words of a language; one without a catalogue here reads English. */
export function notifyWords(language: LanguageCode): NotifyWords {
  return WORDS[language] ?? EN;
}
