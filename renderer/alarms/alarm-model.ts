import type { AlarmEventKind, AlarmInfo, AlarmPriority } from '../../common/alarms.ts';
import { isAnnunciated, priorityRank } from '../ui/alarm-priority.ts';

// The priority vocabulary lives in the kit (ui/alarm-priority.ts); the alarm displays' own files import it from here too.
export { ANNUNCIATED_STATES, isAnnunciated, PRIORITY_LABEL, PRIORITY_NUMBER, priorityRank, worseAlarm } from '../ui/alarm-priority.ts';

/**
 * The journal's event words in the CSV export, which keeps one machine-readable column set whatever the
 * language of whoever exports it (the displays show `event.<kind>` of the 'alarms' catalogue).
 */
export const EVENT_LABEL: Readonly<Record<AlarmEventKind, string>> = {
  raise: 'Raised',
  clear: 'Returned to normal',
  acknowledge: 'Acknowledged',
  shelve: 'Shelved',
  unshelve: 'Unshelved',
  suppress: 'Suppressed',
  unsuppress: 'Unsuppressed',
  outOfService: 'Out of service',
  returnToService: 'Returned to service',
  comment: 'Comment',
};

/** The newest of the highest-priority annunciated alarms, for the banner line. */
export function bannerAlarm(alarms: readonly AlarmInfo[]): AlarmInfo | undefined {
  let best: AlarmInfo | undefined;
  for (const alarm of alarms) {
    if (!isAnnunciated(alarm)) continue;
    if (!best) {
      best = alarm;
      continue;
    }
    const byPriority = priorityRank(alarm.priority) - priorityRank(best.priority);
    if (byPriority < 0 || (byPriority === 0 && (alarm.raisedAt ?? alarm.since) > (best.raisedAt ?? best.since))) best = alarm;
  }
  return best;
}

export type StateView = 'current' | 'unacknowledged' | 'shelved' | 'suppressed' | 'outOfService' | 'all';
/** The summary's state filters, in menu order (their names: `view.<id>` of the 'alarms' catalogue). */
export const STATE_VIEWS: readonly StateView[] = ['current', 'unacknowledged', 'shelved', 'suppressed', 'outOfService', 'all'];

export type SortKey = 'time' | 'priority' | 'area' | 'state';

export interface SummaryFilter {
  readonly view: StateView;
  readonly area: string;
  readonly priority: AlarmPriority | '';
  readonly text: string;
  readonly sort: SortKey;
}

function inView(alarm: AlarmInfo, view: StateView): boolean {
  switch (view) {
    case 'current':
      return isAnnunciated(alarm);
    case 'unacknowledged':
      return isAnnunciated(alarm) && !alarm.acknowledged;
    case 'shelved':
    case 'suppressed':
    case 'outOfService':
      return alarm.state === view;
    case 'all':
      return alarm.state !== 'normal';
  }
}

const time = (alarm: AlarmInfo) => alarm.raisedAt ?? alarm.since;

/** The rows of the summary: filtered, then sorted with the id as the last key so equal rows never swap. */
export function summaryRows(alarms: readonly AlarmInfo[], filter: SummaryFilter): AlarmInfo[] {
  const needle = filter.text.trim().toLowerCase();
  const rows = alarms.filter(
    (alarm) =>
      inView(alarm, filter.view) &&
      (filter.area === '' || alarm.area === filter.area) &&
      (filter.priority === '' || alarm.priority === filter.priority) &&
      (needle === '' || `${alarm.id} ${alarm.tag} ${alarm.message} ${alarm.area}`.toLowerCase().includes(needle)),
  );
  const byId = (a: AlarmInfo, b: AlarmInfo) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byTime = (a: AlarmInfo, b: AlarmInfo) => time(b) - time(a);
  const byPriority = (a: AlarmInfo, b: AlarmInfo) => priorityRank(a.priority) - priorityRank(b.priority);
  const compare: Record<SortKey, (a: AlarmInfo, b: AlarmInfo) => number> = {
    time: (a, b) => byTime(a, b) || byPriority(a, b) || byId(a, b),
    priority: (a, b) => byPriority(a, b) || byTime(a, b) || byId(a, b),
    area: (a, b) => a.area.localeCompare(b.area) || byPriority(a, b) || byTime(a, b) || byId(a, b),
    state: (a, b) => Number(a.acknowledged) - Number(b.acknowledged) || byPriority(a, b) || byTime(a, b) || byId(a, b),
  };
  return rows.sort(compare[filter.sort]);
}

export function areasOf(alarms: readonly AlarmInfo[]): string[] {
  return [...new Set(alarms.map((alarm) => alarm.area))].filter((area) => area !== '').sort();
}
