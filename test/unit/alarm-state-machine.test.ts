import { describe, expect, it } from 'vitest';
import type { AlarmEventKind, AlarmStateName } from '../../common/alarms.ts';
import { initialAlarmState, nextDeadline, step, type AlarmInput, type AlarmMachineConfig, type AlarmMachineState } from '../../main/core/alarms/alarm-state-machine.ts';

const T0 = 1_000_000;
const BASE: AlarmMachineConfig = { onDelayMs: 0, offDelayMs: 0, latched: false, chatterCount: 3, chatterWindowMs: 60_000 };

const on: AlarmInput = { type: 'sample', active: true, value: 95 };
const off: AlarmInput = { type: 'sample', active: false, value: 50 };
const ack: AlarmInput = { type: 'acknowledge', user: 'ann', comment: 'seen' };
const shelve = (ms: number): AlarmInput => ({ type: 'shelve', user: 'ann', until: T0 + ms, reason: 'sensor being replaced' });
const unshelve: AlarmInput = { type: 'unshelve', user: 'ann', comment: '' };
const oos: AlarmInput = { type: 'outOfService', user: 'eve', reason: 'maintenance' };
const rts: AlarmInput = { type: 'returnToService', user: 'eve', comment: 'done' };
const tick: AlarmInput = { type: 'tick' };

/** [input, at (ms after T0)] steps from normal; then the expected state and the events of each step. */
interface Case {
  name: string;
  config?: Partial<AlarmMachineConfig>;
  steps: Array<[AlarmInput, number]>;
  state: AlarmStateName;
  events: AlarmEventKind[][];
  active?: boolean;
}

const CASES: Case[] = [
  { name: 'raise: normal → unacknowledged active', steps: [[on, 0]], state: 'unackActive', events: [['raise']] },
  {
    name: 'acknowledge while active → acknowledged active',
    steps: [
      [on, 0],
      [ack, 1],
    ],
    state: 'ackActive',
    events: [['raise'], ['acknowledge']],
  },
  {
    name: 'clear after acknowledge → normal',
    steps: [
      [on, 0],
      [ack, 1],
      [off, 2],
    ],
    state: 'normal',
    events: [['raise'], ['acknowledge'], ['clear']],
  },
  {
    name: 'clear before acknowledge → returned unacknowledged',
    steps: [
      [on, 0],
      [off, 1],
    ],
    state: 'rtnUnack',
    events: [['raise'], ['clear']],
  },
  {
    name: 'acknowledge after return to normal → normal',
    steps: [
      [on, 0],
      [off, 1],
      [ack, 2],
    ],
    state: 'normal',
    events: [['raise'], ['clear'], ['acknowledge']],
  },
  {
    name: 'returns while unacknowledged and comes back → raised again',
    steps: [
      [on, 0],
      [off, 1],
      [on, 2],
    ],
    state: 'unackActive',
    events: [['raise'], ['clear'], ['raise']],
  },
  { name: 'acknowledge in normal is refused', steps: [[ack, 0]], state: 'normal', events: [[]] },
  {
    name: 'latched: stays after the condition is gone',
    config: { latched: true },
    steps: [
      [on, 0],
      [ack, 1],
      [off, 2],
    ],
    state: 'latched',
    events: [['raise'], ['acknowledge'], ['clear']],
  },
  {
    name: 'latched: acknowledge resets it',
    config: { latched: true },
    steps: [
      [on, 0],
      [off, 1],
      [ack, 2],
    ],
    state: 'normal',
    events: [['raise'], ['clear'], ['acknowledge']],
  },
  {
    name: 'latched: the condition back while latched raises again',
    config: { latched: true },
    steps: [
      [on, 0],
      [off, 1],
      [on, 2],
    ],
    state: 'unackActive',
    events: [['raise'], ['clear'], ['raise']],
  },
  {
    name: 'on-delay: not raised before the delay',
    config: { onDelayMs: 1000 },
    steps: [
      [on, 0],
      [tick, 999],
    ],
    state: 'normal',
    events: [[], []],
    active: false,
  },
  {
    name: 'on-delay: raised when the delay expires',
    config: { onDelayMs: 1000 },
    steps: [
      [on, 0],
      [tick, 1000],
    ],
    state: 'unackActive',
    events: [[], ['raise']],
  },
  {
    name: 'on-delay: a blip shorter than the delay raises nothing',
    config: { onDelayMs: 1000 },
    steps: [
      [on, 0],
      [off, 500],
      [tick, 1500],
    ],
    state: 'normal',
    events: [[], [], []],
  },
  {
    name: 'off-delay: stays active inside the delay',
    config: { offDelayMs: 1000 },
    steps: [
      [on, 0],
      [off, 10],
      [tick, 1009],
    ],
    state: 'unackActive',
    events: [['raise'], [], []],
  },
  {
    name: 'off-delay: clears when the delay expires',
    config: { offDelayMs: 1000 },
    steps: [
      [on, 0],
      [off, 10],
      [tick, 1010],
    ],
    state: 'rtnUnack',
    events: [['raise'], [], ['clear']],
  },
  {
    name: 'off-delay: a dip shorter than the delay clears nothing',
    config: { offDelayMs: 1000 },
    steps: [
      [on, 0],
      [off, 10],
      [on, 500],
      [tick, 2000],
    ],
    state: 'unackActive',
    events: [['raise'], [], [], []],
  },
  {
    name: 'shelve while active hides it',
    steps: [
      [on, 0],
      [shelve(60_000), 1],
    ],
    state: 'shelved',
    events: [['raise'], ['shelve']],
  },
  {
    name: 'shelving expires by itself: still active → raised afresh',
    steps: [
      [on, 0],
      [shelve(60_000), 1],
      [tick, 60_000],
    ],
    state: 'unackActive',
    events: [['raise'], ['shelve'], ['unshelve', 'raise']],
  },
  {
    name: 'shelving expires by itself: gone meanwhile → normal',
    steps: [
      [on, 0],
      [shelve(60_000), 1],
      [off, 2],
      [tick, 60_000],
    ],
    state: 'normal',
    events: [['raise'], ['shelve'], [], ['unshelve']],
  },
  {
    name: 'shelved: not expired one ms before',
    steps: [
      [shelve(60_000), 0],
      [tick, 59_999],
    ],
    state: 'shelved',
    events: [['shelve'], []],
  },
  {
    name: 'unshelve by hand',
    steps: [
      [on, 0],
      [shelve(60_000), 1],
      [unshelve, 2],
    ],
    state: 'unackActive',
    events: [['raise'], ['shelve'], ['unshelve', 'raise']],
  },
  { name: 'unshelve when not shelved is refused', steps: [[unshelve, 0]], state: 'normal', events: [[]] },
  {
    name: 'suppression while active hides it',
    steps: [
      [on, 0],
      [{ type: 'suppress' }, 1],
    ],
    state: 'suppressed',
    events: [['raise'], ['suppress']],
  },
  {
    name: 'unsuppress while still active raises afresh',
    steps: [
      [on, 0],
      [{ type: 'suppress' }, 1],
      [{ type: 'unsuppress' }, 2],
    ],
    state: 'unackActive',
    events: [['raise'], ['suppress'], ['unsuppress', 'raise']],
  },
  {
    name: 'a condition during suppression is not annunciated',
    steps: [
      [{ type: 'suppress' }, 0],
      [on, 1],
      [off, 2],
      [{ type: 'unsuppress' }, 3],
    ],
    state: 'normal',
    events: [['suppress'], [], [], ['unsuppress']],
  },
  {
    name: 'out of service hides it, whatever it was',
    steps: [
      [on, 0],
      [oos, 1],
    ],
    state: 'outOfService',
    events: [['raise'], ['outOfService']],
  },
  {
    name: 'return to service while active raises afresh',
    steps: [
      [on, 0],
      [oos, 1],
      [rts, 2],
    ],
    state: 'unackActive',
    events: [['raise'], ['outOfService'], ['returnToService', 'raise']],
  },
  {
    name: 'return to service while suppressed by design → suppressed',
    steps: [
      [oos, 0],
      [{ type: 'suppress' }, 1],
      [rts, 2],
    ],
    state: 'suppressed',
    events: [['outOfService'], [], ['returnToService']],
  },
  {
    name: 'shelving an out-of-service alarm is refused',
    steps: [
      [oos, 0],
      [shelve(1000), 1],
    ],
    state: 'outOfService',
    events: [['outOfService'], []],
  },
  {
    name: 'out of service twice is refused',
    steps: [
      [oos, 0],
      [oos, 1],
    ],
    state: 'outOfService',
    events: [['outOfService'], []],
  },
  {
    name: 'a comment changes no state',
    steps: [
      [on, 0],
      [{ type: 'comment', user: 'ann', comment: 'called the fitter' }, 1],
    ],
    state: 'unackActive',
    events: [['raise'], ['comment']],
  },
];

function run(c: Case): { state: AlarmMachineState; events: AlarmEventKind[][] } {
  const config = { ...BASE, ...c.config };
  let state = initialAlarmState(T0);
  const events: AlarmEventKind[][] = [];
  for (const [input, at] of c.steps) {
    const result = step(state, input, T0 + at, config);
    state = result.state;
    events.push(result.events.map((e) => e.kind));
  }
  return { state, events };
}

describe('the ISA-18.2 alarm state machine', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { state, events } = run(c);
    expect(events).toEqual(c.events);
    expect(state.status.kind).toBe(c.state);
    if (c.active !== undefined) expect(state.active).toBe(c.active);
  });

  it('does not change the state it is given (pure)', () => {
    const before = initialAlarmState(T0);
    const copy = structuredClone(before);
    step(before, on, T0, BASE);
    expect(before).toEqual(copy);
  });

  it('records the user, comment, value and time of each event', () => {
    const raised = step(initialAlarmState(T0), on, T0 + 5, BASE);
    expect(raised.events).toEqual([{ kind: 'raise', at: T0 + 5, state: 'unackActive', value: 95, user: 'system', comment: '' }]);
    const acked = step(raised.state, ack, T0 + 9, BASE);
    expect(acked.events[0]).toMatchObject({ kind: 'acknowledge', user: 'ann', comment: 'seen', state: 'ackActive' });
    expect(acked.state.status).toEqual({ kind: 'ackActive', raisedAt: T0 + 5, ackedAt: T0 + 9, ackedBy: 'ann' });
  });

  it('says why an action is refused and changes nothing', () => {
    const state = initialAlarmState(T0);
    const result = step(state, ack, T0, BASE);
    expect(result.refused).toContain('nothing to acknowledge');
    expect(result.state).toBe(state);
  });

  it('flags chattering at the configured number of raises within the window', () => {
    let state = initialAlarmState(T0);
    const flags: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      state = step(state, on, T0 + i * 10_000, BASE).state;
      flags.push(state.chattering);
      state = step(state, off, T0 + i * 10_000 + 1, BASE).state;
    }
    expect(flags).toEqual([false, false, true, true]);
    // A raise long after the window is not chattering.
    state = step(state, on, T0 + 10 * 60_000, BASE).state;
    expect(state.chattering).toBe(false);
    expect(state.raises.length).toBeLessThanOrEqual(BASE.chatterCount);
  });

  it('asks for a tick at the end of a delay and at shelving expiry', () => {
    const config = { ...BASE, onDelayMs: 1000 };
    const pending = step(initialAlarmState(T0), on, T0 + 100, config).state;
    expect(nextDeadline(pending, config)).toBe(T0 + 1100);
    const shelved = step(initialAlarmState(T0), shelve(5000), T0, config).state;
    expect(nextDeadline(shelved, config)).toBe(T0 + 5000);
    expect(nextDeadline(initialAlarmState(T0), config)).toBeUndefined();
  });
});
