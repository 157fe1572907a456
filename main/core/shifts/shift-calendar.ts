import { DateTime } from 'luxon';
import type { ShiftInstance } from '../../../common/reports-contract.ts';
import { secondsOf, WEEKDAYS, type ShiftDefinition } from './production-schema.ts';

const DAY_MS = 86_400_000;

/**
 * The plant's shift calendar: shift definitions in local wall time, turned into UTC instances in the
 * plant's time zone by Luxon (the tz database via Intl). A shift's length is wall-clock: 22:00 + 8 h
 * ends at 06:00 local, so the night of the spring-forward change is 7 real hours and the fall-back
 * night 9. A start time that does not exist locally (inside the spring gap) moves forward with the clock.
 */
export class ShiftCalendar {
  readonly timeZone: string;
  private readonly shifts: readonly ShiftDefinition[];

  constructor(shifts: readonly ShiftDefinition[], timeZone: string) {
    this.shifts = shifts;
    this.timeZone = timeZone;
  }

  /** Instances overlapping [from, to), oldest first. */
  between(from: number, to: number): ShiftInstance[] {
    const out: ShiftInstance[] = [];
    // Any shift overlapping the range starts at most one day before `from` (a shift lasts ≤ 24 h).
    let day = DateTime.fromMillis(from - DAY_MS, { zone: this.timeZone }).startOf('day');
    const last = DateTime.fromMillis(to, { zone: this.timeZone }).startOf('day');
    for (let guard = 0; day <= last && guard < 400; guard++, day = day.plus({ days: 1 })) {
      for (const shift of this.shifts) {
        if (!shift.days.includes(WEEKDAYS[day.weekday - 1]!)) continue;
        const instance = this.instance(shift, day);
        if (instance.end > from && instance.start < to) out.push(instance);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.shift.localeCompare(b.shift));
  }

  /** The shift running at `at`, if any. */
  at(at: number): ShiftInstance | undefined {
    return this.between(at, at + 1).find((s) => s.start <= at && at < s.end);
  }

  /** Shifts that ended in (from, to], oldest first. */
  endedBetween(from: number, to: number): ShiftInstance[] {
    return this.between(from - DAY_MS, to).filter((s) => s.end > from && s.end <= to);
  }

  /** The most recent shift that ended at or before `at`. */
  lastEnded(at: number): ShiftInstance | undefined {
    const ended = this.endedBetween(at - 8 * DAY_MS, at);
    return ended[ended.length - 1];
  }

  /** The first shift end after `at` (the scheduler's next wake-up). */
  nextEnd(at: number): number | undefined {
    const ends = this.between(at, at + 8 * DAY_MS)
      .map((s) => s.end)
      .filter((e) => e > at);
    return ends.length ? Math.min(...ends) : undefined;
  }

  byId(id: string): ShiftInstance | undefined {
    const [date, name] = [id.slice(0, 10), id.slice(11)];
    const day = DateTime.fromISO(date, { zone: this.timeZone });
    const shift = this.shifts.find((s) => s.name === name);
    if (!day.isValid || !shift || id[10] !== '/') return undefined;
    return this.instance(shift, day.startOf('day'));
  }

  private instance(shift: ShiftDefinition, day: DateTime): ShiftInstance {
    const startSec = secondsOf(shift.start);
    const start = wallTime(day, startSec, this.timeZone);
    const end = wallTime(day, startSec + shift.durationMinutes * 60, this.timeZone);
    const breaks = shift.breaks
      .map((b) => {
        const offset = (secondsOf(b.start) - startSec + 86_400) % 86_400;
        return { start: wallTime(day, startSec + offset, this.timeZone), end: wallTime(day, startSec + offset + b.durationMinutes * 60, this.timeZone) };
      })
      .map((b) => ({ start: Math.max(start, b.start), end: Math.min(end, b.end) }))
      .filter((b) => b.end > b.start)
      .sort((a, b) => a.start - b.start);
    const breakMs = breaks.reduce((sum, b) => sum + (b.end - b.start), 0);
    const localDate = day.toISODate()!;
    return { id: `${localDate}/${shift.name}`, shift: shift.name, localDate, start, end, breaks, plannedMs: end - start - breakMs };
  }
}

/**
 * The UTC instant of a local wall time `seconds` after midnight of `day` (may pass into later days).
 * The wall clock is computed in UTC, where every day is 24 h, then read in the zone.
 */
function wallTime(day: DateTime, seconds: number, zone: string): number {
  const wall = DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone: 'UTC' }).plus({ milliseconds: Math.round(seconds * 1000) });
  return wall.setZone(zone, { keepLocalTime: true }).toMillis();
}
