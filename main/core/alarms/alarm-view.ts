import type { AlarmDefinition, AlarmFilter, AlarmInfo, AlarmPriority, AlarmStateName, AlarmSummary } from '../../../common/alarms.ts';
import { ALARM_PRIORITIES } from '../../../common/alarms.ts';
import type { DataValue } from '../../../common/data-value.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { messageValues } from './alarm-condition.ts';
import { fillMessage } from '../../../common/project-texts.ts';
import type { AlarmMachineConfig, AlarmMachineState } from './alarm-state-machine.ts';

/** What the engine keeps per configured alarm. */
export interface AlarmRecord {
  readonly def: AlarmDefinition;
  readonly config: AlarmMachineConfig;
  readonly tag: { readonly def: TagDefinition; current: DataValue };
  readonly setpoint: { current: DataValue } | undefined;
  readonly suppressBy: { current: DataValue } | undefined;
  state: AlarmMachineState;
  /** Last sample of a rate-of-change condition. */
  rate: { value: number; time: number } | undefined;
  firstOut: boolean;
}

/** The statuses in which an alarm shows in the list as standing (not normal, not hidden). */
export function isStanding(kind: AlarmStateName): boolean {
  return kind === 'unackActive' || kind === 'ackActive' || kind === 'rtnUnack' || kind === 'latched';
}

export function isUnacknowledged(kind: AlarmStateName): boolean {
  return kind === 'unackActive' || kind === 'rtnUnack' || kind === 'latched';
}

export function alarmInfo(rec: AlarmRecord, now: number): AlarmInfo {
  const { def, state } = rec;
  const status = state.status;
  const tagDef = rec.tag.def;
  const values = messageValues(def, status.kind === 'normal' ? rec.tag.current.value : state.value, {
    units: tagDef.units,
    decimals: tagDef.decimals,
    ...(tagDef.states ? { states: tagDef.states } : {}),
    ...(rec.setpoint ? { setpoint: rec.setpoint.current.value } : {}),
  });
  const info: AlarmInfo = {
    id: def.id,
    tag: def.tag,
    area: def.area,
    priority: def.priority,
    conditionType: def.condition.type,
    state: status.kind,
    active: state.active,
    acknowledged: !isUnacknowledged(status.kind),
    message: fillMessage(def.message, values),
    messageValues: values,
    value: rec.tag.current.value,
    quality: rec.tag.current.quality,
    units: tagDef.units,
    since: state.since,
    firstOut: rec.firstOut,
    chattering: state.raises.filter((t) => t > now - rec.config.chatterWindowMs).length >= rec.config.chatterCount,
    latched: def.latched,
  };
  if (def.group !== undefined) info.group = def.group;
  if (def.help) info.help = def.help;
  if (state.lastComment !== undefined) info.lastComment = state.lastComment;
  switch (status.kind) {
    case 'unackActive':
      info.raisedAt = status.raisedAt;
      break;
    case 'ackActive':
      info.raisedAt = status.raisedAt;
      info.acknowledgedAt = status.ackedAt;
      info.acknowledgedBy = status.ackedBy;
      break;
    case 'rtnUnack':
    case 'latched':
      info.raisedAt = status.raisedAt;
      info.clearedAt = status.clearedAt;
      break;
    case 'shelved':
      info.shelvedUntil = status.until;
      info.shelvedBy = status.by;
      info.reason = status.reason;
      break;
    case 'outOfService':
      info.shelvedBy = status.by;
      info.reason = status.reason;
      break;
    case 'normal':
    case 'suppressed':
      break;
  }
  return info;
}

export function matchesFilter(rec: AlarmRecord, filter: AlarmFilter | undefined): boolean {
  const kind = rec.state.status.kind;
  if (filter?.states ? !filter.states.includes(kind) : kind === 'normal') return false;
  if (!filter) return true;
  const def = rec.def;
  if (filter.areas && !filter.areas.includes(def.area)) return false;
  if (filter.priorities && !filter.priorities.includes(def.priority)) return false;
  if (filter.text) {
    const text = filter.text.toLowerCase();
    if (![def.id, def.tag, def.message, def.area].some((s) => s.toLowerCase().includes(text))) return false;
  }
  return true;
}

/** Counters kept up to date as statuses change, so the banner summary costs nothing per batch. */
export class SummaryCounter {
  private readonly active = zeroCounts();
  private readonly unacked = zeroCounts();
  private shelved = 0;
  private suppressed = 0;
  private outOfService = 0;

  add(kind: AlarmStateName, priority: AlarmPriority, sign: 1 | -1): void {
    if (kind === 'unackActive' || kind === 'ackActive') this.active[priority] += sign;
    if (isUnacknowledged(kind)) this.unacked[priority] += sign;
    if (kind === 'shelved') this.shelved += sign;
    if (kind === 'suppressed') this.suppressed += sign;
    if (kind === 'outOfService') this.outOfService += sign;
  }

  summary(): AlarmSummary {
    const sum = (c: Record<AlarmPriority, number>) => ALARM_PRIORITIES.reduce((n, p) => n + c[p], 0);
    const summary: AlarmSummary = {
      active: { ...this.active },
      unacknowledged: { ...this.unacked },
      totalActive: sum(this.active),
      totalUnacknowledged: sum(this.unacked),
      shelved: this.shelved,
      suppressed: this.suppressed,
      outOfService: this.outOfService,
    };
    const highest = ALARM_PRIORITIES.find((p) => this.unacked[p] > 0);
    if (highest) summary.highestUnacknowledged = highest;
    return summary;
  }
}

function zeroCounts(): Record<AlarmPriority, number> {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}
