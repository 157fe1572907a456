import type { AlarmJournalEntry, AlarmKpis } from '../../../common/alarms.ts';

const TEN_MINUTES = 600_000;
const HOUR = 3_600_000;
const STALE_AFTER_MS = 24 * HOUR;
/** EEMUA 191 / ISA-18.2: more than 10 alarms in 10 minutes per operator is a flood. */
export const FLOOD_THRESHOLD = 10;
/** Chattering in the KPI sense: 3 or more raises of one alarm within a minute. */
export const KPI_CHATTER_COUNT = 3;
export const KPI_CHATTER_WINDOW_MS = 60_000;

export interface KpiInput {
  from: number;
  to: number;
  /** Journal entries with from ≤ at < to, oldest first. */
  entries: readonly AlarmJournalEntry[];
  /** Per alarm, its last raise/clear/shelve/suppress/outOfService entry before `from` (what was open at the start). */
  before?: readonly AlarmJournalEntry[];
  operatorPositions?: number;
  current?: AlarmKpis['current'];
}

/**
 * Alarm-system performance figures (ISA-18.2 section 16, EEMUA 191) over a period, from the journal
 * alone. Pure, so reports can reuse it on any set of entries. Periods are 10-minute slots counted
 * from `from`; the last one may be partial.
 */
export function computeAlarmKpis(input: KpiInput): AlarmKpis {
  const { from, to, entries } = input;
  const positions = Math.max(1, input.operatorPositions ?? 1);
  const span = Math.max(1, to - from);
  const periods = Math.ceil(span / TEN_MINUTES);
  const bins = new Array<number>(periods).fill(0);
  const raisesById = new Map<string, number[]>();
  const priorities = { critical: 0, high: 0, medium: 0, low: 0 };
  const open = new Map<string, number>();
  for (const e of input.before ?? []) if (e.kind === 'raise') open.set(e.alarmId, e.at);
  let total = 0;
  let shelveActions = 0;
  let suppressions = 0;
  let outOfServiceActions = 0;
  let acknowledgements = 0;

  for (const e of entries) {
    if (e.at < from || e.at >= to) continue;
    switch (e.kind) {
      case 'raise': {
        total++;
        bins[Math.floor((e.at - from) / TEN_MINUTES)]!++;
        priorities[e.priority]++;
        let times = raisesById.get(e.alarmId);
        if (!times) raisesById.set(e.alarmId, (times = []));
        times.push(e.at);
        open.set(e.alarmId, e.at);
        break;
      }
      case 'clear':
        open.delete(e.alarmId);
        break;
      case 'shelve':
        shelveActions++;
        open.delete(e.alarmId);
        break;
      case 'suppress':
        suppressions++;
        open.delete(e.alarmId);
        break;
      case 'outOfService':
        outOfServiceActions++;
        open.delete(e.alarmId);
        break;
      case 'acknowledge':
        acknowledgements++;
        break;
      default:
        break;
    }
  }

  const perPosition = (n: number) => n / positions;
  const floodPeriods = bins.filter((n) => perPosition(n) > FLOOD_THRESHOLD).length;
  const ranked = [...raisesById.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const kpis: AlarmKpis = {
    from,
    to,
    operatorPositions: positions,
    totalAlarms: total,
    averagePer10Min: round(perPosition(total) / (span / TEN_MINUTES)),
    averagePerHour: round(perPosition(total) / (span / HOUR)),
    peakPer10Min: round(perPosition(bins.reduce((a, b) => Math.max(a, b), 0))),
    floodShare: round(floodPeriods / periods),
    floodPeriods,
    periods,
    mostFrequent: ranked.slice(0, 10).map(([alarmId, times]) => ({ alarmId, count: times.length, share: round(times.length / total) })),
    chattering: ranked.filter(([, times]) => maxInWindow(times, KPI_CHATTER_WINDOW_MS) >= KPI_CHATTER_COUNT).map(([alarmId, times]) => ({ alarmId, count: times.length })),
    stale: [...open.entries()]
      .filter(([, since]) => to - since > STALE_AFTER_MS)
      .sort((a, b) => a[1] - b[1])
      .map(([alarmId, activeSince]) => ({ alarmId, activeSince })),
    priorityDistribution: priorities,
    shelveActions,
    suppressions,
    outOfServiceActions,
    acknowledgements,
  };
  if (input.current) kpis.current = input.current;
  return kpis;
}

/** The most raises of one alarm inside any window of `windowMs` (times sorted ascending). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
