import { ALARM_PRIORITIES, type AlarmInfo, type AlarmPriority, type AlarmStateName } from '../../common/alarms.ts';

/*
 * The alarm priorities as every display draws and orders them (the banner, the summary, the screens'
 * alarm marks): one vocabulary in the kit, so a screen symbol needs nothing from the alarm displays.
 */

/** 0 = critical … 3 = low. */
export function priorityRank(priority: AlarmPriority): number {
  return ALARM_PRIORITIES.indexOf(priority);
}

export const PRIORITY_LABEL: Readonly<Record<AlarmPriority, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
/** The number drawn inside the indicator shape (1 = most urgent). */
export const PRIORITY_NUMBER: Readonly<Record<AlarmPriority, string>> = { critical: '1', high: '2', medium: '3', low: '4' };

/** Annunciated: shown in the banner and the default summary (not shelved, suppressed or out of service). */
export const ANNUNCIATED_STATES: readonly AlarmStateName[] = ['unackActive', 'ackActive', 'rtnUnack', 'latched'];

export function isAnnunciated(alarm: AlarmInfo): boolean {
  return ANNUNCIATED_STATES.includes(alarm.state);
}

/** The alarm an indicator should show: higher priority first, then unacknowledged, then the newer. */
export function worseAlarm(a: AlarmInfo, b: AlarmInfo): AlarmInfo {
  const byPriority = priorityRank(a.priority) - priorityRank(b.priority);
  if (byPriority !== 0) return byPriority < 0 ? a : b;
  if (a.acknowledged !== b.acknowledged) return a.acknowledged ? b : a;
  return (b.raisedAt ?? b.since) > (a.raisedAt ?? a.since) ? b : a;
}
