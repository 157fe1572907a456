import { describe, expect, it } from 'vitest';
import { computeOee, counterDelta, pareto, type Sample } from '../../main/core/oee/oee-calc.ts';
import { LineDefinitionSchema, ShiftDefinitionSchema } from '../../main/core/shifts/production-schema.ts';
import { ShiftCalendar } from '../../main/core/shifts/shift-calendar.ts';

const MIN = 60_000;
const line = LineDefinitionSchema.parse({
  name: 'Line1',
  stateTag: 'Line1/Filler/State',
  runningStates: [2],
  goodCounter: 'Line1/Counters/Good',
  rejectCounter: 'Line1/Counters/Rejected',
  idealRatePerMinute: 60,
  counterMax: 4294967295,
  reasons: { '3': { code: 'starved', text: 'Starved' }, '4': { code: 'blocked', text: 'Blocked' }, '5': { code: 'fault', text: 'Filler fault' } },
});
const calendar = new ShiftCalendar([ShiftDefinitionSchema.parse({ name: 'Night', start: '22:00', durationMinutes: 480, breaks: [{ start: '02:00', durationMinutes: 30 }] })], 'Europe/Berlin');
const utc = (d: number, h: number, m = 0) => Date.UTC(2026, 9, d, h, m);

describe('OEE arithmetic, hand-computed', () => {
  // The fall-back night of 24/25 October 2026: 22:00 CEST (20:00 UTC) to 06:00 CET (05:00 UTC) = 9 h,
  // break 02:00 CET = 01:00–01:30 UTC, so planned production time is 8.5 h = 510 min.
  const night = calendar.byId('2026-10-24/Night')!;
  const states: Sample[] = [
    { t: night.start, v: 2 },
    { t: utc(24, 23), v: 5 }, // fault 45 min
    { t: utc(24, 23, 45), v: 2 },
    { t: utc(25, 0, 50), v: 4 }, // blocked 00:50–01:40 UTC, across the break: 10 + 10 = 20 planned min
    { t: utc(25, 1, 40), v: 2 },
    { t: utc(25, 2), v: 3 }, // starved 15 min
    { t: utc(25, 2, 15), v: 2 },
  ];
  const good: Sample[] = [
    { t: night.start, v: 1000 },
    { t: utc(25, 1), v: 9000 },
    { t: night.end, v: 21_000 },
  ];
  const reject: Sample[] = [
    { t: night.start, v: 50 },
    { t: utc(25, 3), v: 250 },
  ];

  it('computes availability, performance, quality and OEE across the DST change', () => {
    expect(night.end - night.start).toBe(9 * 60 * MIN);
    const r = computeOee({ line, shift: night, until: night.end, states, good, reject });
    expect(r.plannedMs).toBe(510 * MIN);
    expect(r.downtimeMs).toBe(80 * MIN);
    expect(r.runMs).toBe(430 * MIN);
    expect(r.good).toBe(20_000);
    expect(r.reject).toBe(200);
    expect(r.total).toBe(20_200);
    expect(r.availability).toBeCloseTo(430 / 510, 12);
    // ideal cycle 1 s × 20 200 units / 25 800 s run
    expect(r.performance).toBeCloseTo(20_200 / 25_800, 12);
    expect(r.quality).toBeCloseTo(20_000 / 20_200, 12);
    expect(r.oee).toBeCloseTo((430 / 510) * (20_200 / 25_800) * (20_000 / 20_200), 12);
    expect(r.complete).toBe(true);
    expect(r.unknownMs).toBe(0);
    expect(r.downtime.map((d) => [d.code, d.durationMs / MIN, new Date(d.start).toISOString(), new Date(d.end).toISOString()])).toEqual([
      ['fault', 45, '2026-10-24T23:00:00.000Z', '2026-10-24T23:45:00.000Z'],
      ['blocked', 20, '2026-10-25T00:50:00.000Z', '2026-10-25T01:40:00.000Z'],
      ['starved', 15, '2026-10-25T02:00:00.000Z', '2026-10-25T02:15:00.000Z'],
    ]);
    expect(r.pareto.map((p) => [p.code, p.durationMs / MIN, p.share, p.cumulativeShare])).toEqual([
      ['fault', 45, 45 / 80, 45 / 80],
      ['blocked', 20, 20 / 80, 65 / 80],
      ['starved', 15, 15 / 80, 1],
    ]);
  });

  it('computes the current shift up to now', () => {
    // Up to 23:30 UTC: 210 min planned, 30 of them in the fault.
    const r = computeOee({
      line,
      shift: night,
      until: utc(24, 23, 30),
      states,
      good: [
        { t: night.start, v: 0 },
        { t: utc(24, 23, 30), v: 9000 },
      ],
      reject: [{ t: night.start, v: 0 }],
    });
    expect(r.plannedMs).toBe(210 * MIN);
    expect(r.runMs).toBe(180 * MIN);
    expect(r.availability).toBeCloseTo(180 / 210, 12);
    expect(r.performance).toBeCloseTo(9000 / (180 * 60), 12);
    expect(r.quality).toBe(1);
  });

  it('counts missing history as unknown time, not downtime, and leaves it out of availability', () => {
    const r = computeOee({
      line,
      shift: night,
      until: night.end,
      states: [
        { t: night.start, v: null },
        { t: utc(24, 21), v: 2 },
      ],
      good: [],
      reject: [],
    });
    expect(r.complete).toBe(false);
    expect(r.unknownMs).toBe(60 * MIN);
    expect(r.downtimeMs).toBe(0);
    expect(r.downtime).toEqual([]);
    expect(r.availability).toBe(1);
    expect(r.quality).toBeNull();
    expect(r.performance).toBe(0);
    expect(r.oee).toBeNull();
  });

  it('stops counting downtime while the links are down: a stop that runs into an outage ends there', () => {
    // Running, a fault at 23:00 UTC, the links go down at 23:30 (bad state samples are null), back at 00:30 running.
    const r = computeOee({
      line,
      shift: night,
      until: utc(25, 0, 30),
      states: [
        { t: night.start, v: 2 },
        { t: utc(24, 23), v: 5 },
        { t: utc(24, 23, 30), v: null },
        { t: utc(25, 0, 30), v: 2 },
      ],
      good: [],
      reject: [],
    });
    // 20:00–00:30 UTC = 270 min planned: 180 run, 30 fault, 60 unknown.
    expect(r.plannedMs).toBe(270 * MIN);
    expect(r.runMs).toBe(180 * MIN);
    expect(r.downtimeMs).toBe(30 * MIN);
    expect(r.unknownMs).toBe(60 * MIN);
    expect(r.downtime.map((d) => [d.code, d.durationMs / MIN])).toEqual([['fault', 30]]);
    expect(r.availability).toBeCloseTo(180 / 210, 12);
    expect(r.complete).toBe(false);
  });

  it('uses an operator classification over the state reason', () => {
    const r = computeOee({ line, shift: night, until: night.end, states, good, reject, classifications: [{ start: utc(24, 23), code: 'changeover', reason: 'Changeover', user: 'anna' }] });
    expect(r.downtime[0]).toMatchObject({ code: 'changeover', reason: 'Changeover', classifiedBy: 'anna' });
    expect(r.pareto[0]!.code).toBe('changeover');
  });

  it('leaves factors undefined when nothing was planned or run', () => {
    const r = computeOee({ line, shift: night, until: night.start, states, good, reject });
    expect([r.plannedMs, r.availability, r.performance, r.oee]).toEqual([0, null, null, null]);
  });
});

describe('counter deltas', () => {
  it('handles a rollover at the configured maximum', () => {
    expect(
      counterDelta(
        [
          { t: 0, v: 4294967290 },
          { t: 10, v: 5 },
        ],
        0,
        20,
        4294967295,
      ),
    ).toBe(11);
  });
  it('treats a drop far from the maximum as a reset', () => {
    expect(
      counterDelta(
        [
          { t: 0, v: 1000 },
          { t: 10, v: 3 },
          { t: 20, v: 10 },
        ],
        0,
        30,
        4294967295,
      ),
    ).toBe(10);
    expect(
      counterDelta(
        [
          { t: 0, v: 1000 },
          { t: 10, v: 3 },
        ],
        0,
        30,
      ),
    ).toBe(3);
  });
  it('counts across a history gap from the last value before it', () => {
    expect(
      counterDelta(
        [
          { t: 0, v: 100 },
          { t: 5, v: null },
          { t: 10, v: 500 },
          { t: 20, v: 510 },
        ],
        0,
        30,
      ),
    ).toBe(410);
  });
  it('ignores values outside the window', () => {
    expect(
      counterDelta(
        [
          { t: -5, v: 10 },
          { t: 0, v: 20 },
          { t: 10, v: 30 },
          { t: 40, v: 90 },
        ],
        0,
        30,
      ),
    ).toBe(10);
  });
});

describe('Pareto', () => {
  it('groups by reason, longest first, ties by code, with shares and the running share', () => {
    const e = (code: string, ms: number) => ({ start: 0, end: ms, durationMs: ms, state: 1, code, reason: code.toUpperCase() });
    const p = pareto([e('b', 10), e('a', 10), e('c', 30), e('b', 10)]);
    expect(p.map((x) => [x.code, x.durationMs, x.count, x.share, x.cumulativeShare])).toEqual([
      ['c', 30, 1, 0.5, 0.5],
      ['b', 20, 2, 20 / 60, 50 / 60],
      ['a', 10, 1, 10 / 60, 1],
    ]);
    const tie = pareto([e('y', 5), e('x', 5)]);
    expect(tie.map((x) => x.code)).toEqual(['x', 'y']);
    expect(pareto([])).toEqual([]);
  });
});
