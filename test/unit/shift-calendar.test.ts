import { describe, expect, it } from 'vitest';
import { ShiftDefinitionSchema, ShiftsFileSchema } from '../../main/core/shifts/production-schema.ts';
import { ShiftCalendar } from '../../main/core/shifts/shift-calendar.ts';
import { parseShiftsFile } from '../../main/core/shifts/shifts-loader.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';

const H = 3_600_000;
const shifts = [
  { name: 'Early', start: '06:00', durationMinutes: 480 },
  { name: 'Late', start: '14:00', durationMinutes: 480 },
  { name: 'Night', start: '22:00', durationMinutes: 480, breaks: [{ start: '02:00', durationMinutes: 30 }] },
].map((s) => ShiftDefinitionSchema.parse(s));
const berlin = new ShiftCalendar(shifts, 'Europe/Berlin');
const iso = (t: number) => new Date(t).toISOString();

describe('shift calendar in Europe/Berlin', () => {
  it('places a winter day (CET, UTC+1) by hand', () => {
    const day = berlin.between(Date.UTC(2026, 0, 14, 6), Date.UTC(2026, 0, 14, 20)).map((s) => [s.id, iso(s.start), iso(s.end)]);
    expect(day).toEqual([
      ['2026-01-14/Early', '2026-01-14T05:00:00.000Z', '2026-01-14T13:00:00.000Z'],
      ['2026-01-14/Late', '2026-01-14T13:00:00.000Z', '2026-01-14T21:00:00.000Z'],
    ]);
    expect(berlin.at(Date.UTC(2026, 0, 14, 23))?.id).toBe('2026-01-14/Night');
    // 00:30 local on the 15th still belongs to the night that started on the 14th.
    expect(berlin.at(Date.UTC(2026, 0, 14, 23, 30))?.id).toBe('2026-01-14/Night');
  });

  it('makes the spring-forward night 7 hours (29 March 2026, 02:00 → 03:00)', () => {
    const night = berlin.byId('2026-03-28/Night')!;
    expect(iso(night.start)).toBe('2026-03-28T21:00:00.000Z'); // 22:00 CET
    expect(iso(night.end)).toBe('2026-03-29T04:00:00.000Z'); // 06:00 CEST
    expect(night.end - night.start).toBe(7 * H);
    // The 02:00 break does not exist locally: it starts when the clock jumps to 03:00 CEST (01:00 UTC).
    expect(night.breaks.map((b) => [iso(b.start), b.end - b.start])).toEqual([['2026-03-29T01:00:00.000Z', 30 * 60_000]]);
    expect(night.plannedMs).toBe(6.5 * H);
    const early = berlin.byId('2026-03-29/Early')!;
    expect(iso(early.start)).toBe('2026-03-29T04:00:00.000Z');
    expect(early.end - early.start).toBe(8 * H);
  });

  it('makes the fall-back night 9 hours (25 October 2026, 03:00 → 02:00)', () => {
    const night = berlin.byId('2026-10-24/Night')!;
    expect(iso(night.start)).toBe('2026-10-24T20:00:00.000Z'); // 22:00 CEST
    expect(iso(night.end)).toBe('2026-10-25T05:00:00.000Z'); // 06:00 CET
    expect(night.end - night.start).toBe(9 * H);
    expect(night.plannedMs).toBe(8.5 * H);
    const late = berlin.byId('2026-10-25/Late')!;
    expect(late.end - late.start).toBe(8 * H);
    expect(iso(late.start)).toBe('2026-10-25T13:00:00.000Z');
  });

  it('tiles the DST weeks without gaps or overlaps', () => {
    for (const [from, to] of [
      [Date.UTC(2026, 2, 26), Date.UTC(2026, 3, 2)],
      [Date.UTC(2026, 9, 22), Date.UTC(2026, 9, 29)],
    ] as const) {
      const list = berlin.between(from, to);
      for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBe(list[i - 1]!.end);
    }
  });

  it('finds shifts that ended in a window, the last ended one and the next end', () => {
    const ended = berlin.endedBetween(Date.UTC(2026, 0, 14, 5), Date.UTC(2026, 0, 14, 21)).map((s) => s.id);
    expect(ended).toEqual(['2026-01-14/Early', '2026-01-14/Late']);
    expect(berlin.lastEnded(Date.UTC(2026, 0, 14, 20, 59))?.id).toBe('2026-01-14/Early');
    expect(iso(berlin.nextEnd(Date.UTC(2026, 0, 14, 13))!)).toBe('2026-01-14T21:00:00.000Z');
  });

  it('honours the days a shift runs on', () => {
    const weekdays = new ShiftCalendar([ShiftDefinitionSchema.parse({ name: 'Day', start: '08:00', durationMinutes: 480, days: ['mon', 'tue', 'wed', 'thu', 'fri'] })], 'Europe/Berlin');
    // 2026-01-17 is a Saturday, the 19th a Monday.
    expect(weekdays.between(Date.UTC(2026, 0, 17), Date.UTC(2026, 0, 20)).map((s) => s.id)).toEqual(['2026-01-19/Day']);
    expect(weekdays.byId('2026-01-19/Nope')).toBeUndefined();
    expect(weekdays.byId('garbage')).toBeUndefined();
  });
});

describe('shifts.json validation', () => {
  const tags = [
    { path: 'L/State', dataType: 'int16', history: { enabled: true } },
    { path: 'L/Good', dataType: 'uint32', history: { enabled: true } },
    { path: 'L/Reject', dataType: 'uint32', history: { enabled: true } },
    { path: 'L/Name', dataType: 'string' },
  ].map((t) => TagDefinitionSchema.parse({ ...t, source: { device: 'd', address: 'a' } }));
  const base = { formatVersion: 1, shifts: [{ name: 'A', start: '06:00', durationMinutes: 480 }], lines: [{ name: 'L', stateTag: 'L/State', runningStates: [2], goodCounter: 'L/Good', rejectCounter: 'L/Reject', idealRatePerMinute: 100 }] };

  it('accepts a good file with defaults', () => {
    const parsed = parseShiftsFile(base, tags);
    expect(parsed.ok && parsed.value.report.catchUpDays).toBe(7);
    expect(ShiftsFileSchema.safeParse(base).success).toBe(true);
  });

  it.each([
    [{ ...base, shifts: [{ name: 'A', start: '6:00', durationMinutes: 480 }] }, 'shifts[0].start', 'HH:MM'],
    [{ ...base, shifts: [{ name: 'A', start: '06:00', durationMinutes: 480, breaks: [{ start: '05:00', durationMinutes: 30 }] }] }, 'shifts[0].breaks[0].start', 'inside the shift'],
    [{ ...base, shifts: [base.shifts[0], base.shifts[0]] }, 'shifts[1].name', 'used twice'],
    [{ ...base, lines: [{ ...base.lines[0], stateTag: 'L/Missing' }] }, 'lines[0].stateTag', 'unknown tag'],
    [{ ...base, lines: [{ ...base.lines[0], goodCounter: 'L/Name' }] }, 'lines[0].goodCounter', 'numeric'],
    [{ ...base, report: { keyValues: ['L/Nope'] } }, 'report.keyValues[0]', 'unknown tag'],
    [{ ...base, formatVersion: 2 }, 'formatVersion', 'newer'],
  ])('refuses a bad file naming the field (%#)', (doc, field, words) => {
    const parsed = parseShiftsFile(doc, tags);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.path).toBe(`shifts.json#${field}`);
      expect(parsed.error.message).toContain(words);
    }
  });
});
