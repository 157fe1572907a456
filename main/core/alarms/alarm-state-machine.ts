import type { AlarmEventKind, AlarmStateName } from '../../../common/alarms.ts';
import type { Value } from '../../../common/data-value.ts';
import { assertNever } from '../../../common/result.ts';

/**
 * The ISA-18.2 alarm state machine: a pure function `step(state, input, now, config) → { state, events }`
 * over a closed union of states. No clock, no I/O: the engine feeds it samples, operator actions
 * and timer ticks, journals the events, and asks `nextDeadline` when to tick it next.
 */

/** The annunciation state (ISA-18.2 figure: A normal … H out of service). */
export type AlarmStatus =
  | { kind: 'normal' }
  | { kind: 'unackActive'; raisedAt: number }
  | { kind: 'ackActive'; raisedAt: number; ackedAt: number; ackedBy: string }
  | { kind: 'rtnUnack'; raisedAt: number; clearedAt: number }
  /** A latched alarm whose condition is gone; an acknowledgement resets it. */
  | { kind: 'latched'; raisedAt: number; clearedAt: number }
  | { kind: 'shelved'; until: number; reason: string; by: string }
  | { kind: 'suppressed' }
  | { kind: 'outOfService'; reason: string; by: string };

export interface AlarmMachineState {
  status: AlarmStatus;
  /** When the status last changed. */
  since: number;
  /** The condition as evaluated from the tags (after deadband, before delays), and since when. */
  raw: boolean;
  rawSince: number;
  /** The condition after the on/off delays: what the alarm is in. */
  active: boolean;
  /** Whether the suppress-by-design condition holds (remembered while shelved or out of service). */
  designSuppressed: boolean;
  /** The value that last changed the condition, for messages and the journal. */
  value: Value;
  /** Recent raise times, for chatter detection (bounded by the chatter count). */
  raises: number[];
  chattering: boolean;
  lastComment?: string;
}

export interface AlarmMachineConfig {
  onDelayMs: number;
  offDelayMs: number;
  latched: boolean;
  /** Chattering: at least `chatterCount` raises within `chatterWindowMs`. */
  chatterCount: number;
  chatterWindowMs: number;
}

export type AlarmInput =
  | { type: 'sample'; active: boolean; value: Value }
  /** Time passed: delays and shelving may expire. */
  | { type: 'tick' }
  | { type: 'acknowledge'; user: string; comment: string }
  | { type: 'shelve'; user: string; until: number; reason: string }
  | { type: 'unshelve'; user: string; comment: string }
  | { type: 'suppress' }
  | { type: 'unsuppress' }
  | { type: 'outOfService'; user: string; reason: string }
  | { type: 'returnToService'; user: string; comment: string }
  | { type: 'comment'; user: string; comment: string };

export interface AlarmTransition {
  kind: AlarmEventKind;
  at: number;
  state: AlarmStateName;
  value: Value;
  user: string;
  comment: string;
}

export interface StepResult {
  state: AlarmMachineState;
  events: AlarmTransition[];
  /** Why an operator action was not applied (nothing changed). */
  refused?: string;
}

export const SYSTEM_USER = 'system';

export function initialAlarmState(now: number): AlarmMachineState {
  return { status: { kind: 'normal' }, since: now, raw: false, rawSince: now, active: false, designSuppressed: false, value: null, raises: [], chattering: false };
}

/** Whether the status annunciates (shows in the alarm list) rather than hides the alarm. */
function annunciating(status: AlarmStatus): boolean {
  const kind = status.kind;
  return kind !== 'shelved' && kind !== 'suppressed' && kind !== 'outOfService';
}

export function step(state: AlarmMachineState, input: AlarmInput, now: number, config: AlarmMachineConfig): StepResult {
  const events: AlarmTransition[] = [];
  let s = state;
  const emit = (kind: AlarmEventKind, user = SYSTEM_USER, comment = '') => {
    events.push({ kind, at: now, state: s.status.kind, value: s.value, user, comment });
  };
  const setStatus = (status: AlarmStatus) => {
    s = { ...s, status, since: now };
  };
  /** Leaving shelved / suppressed / out of service: raise afresh if the condition is present. */
  const reenter = () => {
    if (s.designSuppressed) {
      setStatus({ kind: 'suppressed' });
      // The leaving event (unshelve, return to service) lands in suppressed, not normal.
      const last = events[events.length - 1];
      if (last) last.state = 'suppressed';
    } else if (s.active) raise();
    else setStatus({ kind: 'normal' });
  };
  const raise = () => {
    const window = now - config.chatterWindowMs;
    const raises = [...s.raises.filter((t) => t > window), now].slice(-Math.max(1, config.chatterCount));
    s = { ...s, status: { kind: 'unackActive', raisedAt: now }, since: now, raises, chattering: raises.length >= config.chatterCount };
    emit('raise');
  };
  const refuse = (why: string): StepResult => ({ state, events: [], refused: why });

  switch (input.type) {
    case 'sample':
      s = { ...s, value: input.value };
      if (input.active !== s.raw) s = { ...s, raw: input.active, rawSince: now };
      applyDelays();
      break;
    case 'tick':
      if (s.status.kind === 'shelved' && now >= s.status.until) {
        setStatus({ kind: 'normal' });
        emit('unshelve', SYSTEM_USER, 'shelving expired');
        reenter();
      }
      applyDelays();
      break;
    case 'acknowledge': {
      const status = s.status;
      if (status.kind === 'unackActive') setStatus({ kind: 'ackActive', raisedAt: status.raisedAt, ackedAt: now, ackedBy: input.user });
      else if (status.kind === 'rtnUnack' || status.kind === 'latched') setStatus({ kind: 'normal' });
      else return refuse(`alarm is ${status.kind}; there is nothing to acknowledge`);
      emit('acknowledge', input.user, input.comment);
      break;
    }
    case 'shelve':
      if (!annunciating(s.status)) return refuse(`alarm is ${s.status.kind}; it cannot be shelved`);
      setStatus({ kind: 'shelved', until: input.until, reason: input.reason, by: input.user });
      emit('shelve', input.user, input.reason);
      break;
    case 'unshelve':
      if (s.status.kind !== 'shelved') return refuse(`alarm is ${s.status.kind}, not shelved`);
      setStatus({ kind: 'normal' });
      emit('unshelve', input.user, input.comment);
      reenter();
      break;
    case 'suppress':
      if (s.designSuppressed) return { state: s, events };
      s = { ...s, designSuppressed: true };
      if (annunciating(s.status)) {
        setStatus({ kind: 'suppressed' });
        emit('suppress');
      }
      break;
    case 'unsuppress':
      if (!s.designSuppressed) return { state: s, events };
      s = { ...s, designSuppressed: false };
      if (s.status.kind === 'suppressed') {
        setStatus({ kind: 'normal' });
        emit('unsuppress');
        reenter();
      }
      break;
    case 'outOfService':
      if (s.status.kind === 'outOfService') return refuse('alarm is already out of service');
      setStatus({ kind: 'outOfService', reason: input.reason, by: input.user });
      emit('outOfService', input.user, input.reason);
      break;
    case 'returnToService':
      if (s.status.kind !== 'outOfService') return refuse(`alarm is ${s.status.kind}, not out of service`);
      setStatus({ kind: 'normal' });
      emit('returnToService', input.user, input.comment);
      reenter();
      break;
    case 'comment':
      s = { ...s, lastComment: input.comment };
      emit('comment', input.user, input.comment);
      break;
    default:
      return assertNever(input, 'alarm input');
  }
  return { state: s, events };

  /** Moves `active` to `raw` once the condition has held for its delay, and annunciates the change. */
  function applyDelays(): void {
    if (s.raw === s.active) return;
    const delay = s.raw ? config.onDelayMs : config.offDelayMs;
    if (now - s.rawSince < delay) return;
    s = { ...s, active: s.raw };
    if (s.active) activate();
    else deactivate();
  }

  function activate(): void {
    const status = s.status;
    switch (status.kind) {
      case 'normal':
      case 'rtnUnack':
      case 'latched':
        raise();
        break;
      case 'unackActive':
      case 'ackActive':
      case 'shelved':
      case 'suppressed':
      case 'outOfService':
        break;
      default:
        assertNever(status, 'alarm status');
    }
  }

  function deactivate(): void {
    const status = s.status;
    switch (status.kind) {
      case 'unackActive':
        setStatus(config.latched ? { kind: 'latched', raisedAt: status.raisedAt, clearedAt: now } : { kind: 'rtnUnack', raisedAt: status.raisedAt, clearedAt: now });
        emit('clear');
        break;
      case 'ackActive':
        setStatus(config.latched ? { kind: 'latched', raisedAt: status.raisedAt, clearedAt: now } : { kind: 'normal' });
        emit('clear');
        break;
      case 'normal':
      case 'rtnUnack':
      case 'latched':
      case 'shelved':
      case 'suppressed':
      case 'outOfService':
        break;
      default:
        assertNever(status, 'alarm status');
    }
  }
}

/** When the machine next needs a tick (a delay or a shelving expiring), or undefined. */
export function nextDeadline(state: AlarmMachineState, config: AlarmMachineConfig): number | undefined {
  let at: number | undefined;
  if (state.raw !== state.active) at = state.rawSince + (state.raw ? config.onDelayMs : config.offDelayMs);
  if (state.status.kind === 'shelved') at = at === undefined ? state.status.until : Math.min(at, state.status.until);
  return at;
}
