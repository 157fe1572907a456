import type { AlarmCondition, AlarmDefinition } from '../../../common/alarms.ts';
import type { DataValue, Value } from '../../../common/data-value.ts';
import { assertNever } from '../../../common/result.ts';
import { severityOf } from '../../../common/quality.ts';
import { fillMessage, MESSAGE_PLACEHOLDERS } from '../../../common/project-texts.ts';

/** What the rate condition remembers between samples. */
export interface RateMemory {
  value: number;
  time: number;
}

/**
 * Whether an alarm's condition holds, with the deadband applied against the previous result. Values
 * that are not good or uncertain prove nothing: the previous result stands (the bad-quality alarm
 * is the one that tells). Pure; `rate` is updated in place for rate-of-change conditions.
 */
export function evaluateCondition(condition: AlarmCondition, deadband: number, was: boolean, value: DataValue, setpoint: DataValue | undefined, rate: RateMemory | undefined): boolean {
  // Nothing read yet (just started): no evidence either way.
  if (value.quality === 'BadWaitingForInitialData') return was;
  if (condition.type === 'badQuality') return severityOf(value.quality) === 'bad';
  if (severityOf(value.quality) === 'bad') return was;
  const v = value.value;
  switch (condition.type) {
    case 'hihi':
    case 'hi':
      if (typeof v !== 'number') return was;
      return was ? v > condition.limit - deadband : v > condition.limit;
    case 'lo':
    case 'lolo':
      if (typeof v !== 'number') return was;
      return was ? v < condition.limit + deadband : v < condition.limit;
    case 'equals':
      return v === condition.value;
    case 'deviation': {
      if (typeof v !== 'number' || !setpoint || severityOf(setpoint.quality) === 'bad' || typeof setpoint.value !== 'number') return was;
      const deviation = Math.abs(v - setpoint.value);
      return was ? deviation > condition.limit - deadband : deviation > condition.limit;
    }
    case 'rate': {
      if (typeof v !== 'number' || !rate) return was;
      const previous = { ...rate };
      rate.value = v;
      rate.time = value.sourceTime;
      const seconds = (value.sourceTime - previous.time) / 1000;
      if (!Number.isFinite(previous.value) || seconds <= 0) return was;
      const perSecond = Math.abs(v - previous.value) / seconds;
      return was ? perSecond > condition.limit - deadband : perSecond > condition.limit;
    }
    default:
      return assertNever(condition, 'alarm condition');
  }
}

/** The suppress-by-design condition, or undefined while its tag's value is unusable (keep the last one). */
export function evaluateSuppression(def: AlarmDefinition, value: DataValue | undefined): boolean | undefined {
  if (!def.suppressWhen || !value) return false;
  if (severityOf(value.quality) === 'bad') return undefined;
  return value.value === def.suppressWhen.equals;
}

/** The limit a condition reports in messages. */
export function conditionLimit(condition: AlarmCondition): number | string | boolean | undefined {
  switch (condition.type) {
    case 'hihi':
    case 'hi':
    case 'lo':
    case 'lolo':
    case 'deviation':
    case 'rate':
      return condition.limit;
    case 'equals':
      return condition.value;
    case 'badQuality':
      return undefined;
    default:
      return assertNever(condition, 'alarm condition');
  }
}

/** Fills `{value}`, `{units}`, `{limit}`, `{setpoint}`, `{tag}`, `{id}` and `{state}` (a discrete tag's state name). */
export function renderMessage(def: AlarmDefinition, value: Value, extra: { units: string; decimals: number; states?: Record<string, string>; setpoint?: Value }): string {
  return fillMessage(def.message, messageValues(def, value, extra));
}

/** What each placeholder stands for now; a translation of the message (texts/<lang>.json) is filled with the same, whichever it uses. */
export function messageValues(def: AlarmDefinition, value: Value, extra: { units: string; decimals: number; states?: Record<string, string>; setpoint?: Value }): Record<string, string> {
  const format = (v: Value | undefined): string => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(extra.decimals);
    return String(v);
  };
  const values: Record<string, string> = {};
  for (const key of MESSAGE_PLACEHOLDERS) {
    switch (key) {
      case 'value':
        values[key] = format(value);
        break;
      case 'units':
        values[key] = extra.units;
        break;
      case 'limit':
        values[key] = format(conditionLimit(def.condition));
        break;
      case 'setpoint':
        values[key] = format(extra.setpoint);
        break;
      case 'tag':
        values[key] = def.tag;
        break;
      case 'id':
        values[key] = def.id;
        break;
      default:
        values[key] = extra.states?.[String(value)] ?? format(value);
    }
  }
  return values;
}
