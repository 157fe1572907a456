import { WEEKDAYS, type ShiftDefinition } from './production-schema.ts';

const DAY = 1440;
const WEEK = 7 * DAY;
const DAY_NAME: Record<(typeof WEEKDAYS)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

interface Span {
  shift: number;
  day: (typeof WEEKDAYS)[number];
  /** Minutes from Monday 00:00; `end` may pass the end of the week (a Sunday night shift). */
  start: number;
  end: number;
}

function minutesOf(time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return h! * 60 + m! + (s ?? 0) / 60;
}

function clock(minutes: number): string {
  const m = Math.round(((minutes % DAY) + DAY) % DAY);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function spansOf(shifts: readonly ShiftDefinition[]): Span[] {
  return shifts.flatMap((s, shift) =>
    s.days.map((day) => {
      const start = WEEKDAYS.indexOf(day) * DAY + minutesOf(s.start);
      return { shift, day, start, end: start + s.durationMinutes };
    }),
  );
}

/**
 * Shifts that overlap on the wall clock (a shift ends after the next one starts, across midnight and the
 * end of the week too): one problem per pair, at the later shift's `start`. Shift times are a start and
 * a length, so a shift always ends after it starts.
 */
export function shiftOverlaps(shifts: readonly ShiftDefinition[]): { field: string; message: string }[] {
  const spans = spansOf(shifts);
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const a of spans) {
    for (const b of spans) {
      if (a === b || a.shift === b.shift) continue;
      // b starts while a runs (also when a runs past the end of the week into Monday).
      const into = (((b.start - a.start) % WEEK) + WEEK) % WEEK;
      if (into >= a.end - a.start) continue;
      const key = `${Math.min(a.shift, b.shift)}-${Math.max(a.shift, b.shift)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sa = shifts[a.shift]!;
      const sb = shifts[b.shift]!;
      problems.push({
        field: `shifts[${b.shift}].start`,
        message: `the ${sb.name} shift (${DAY_NAME[b.day]} ${sb.start}) starts before the ${sa.name} shift (${DAY_NAME[a.day]} ${sa.start}–${clock(a.end)}) ends`,
      });
    }
  }
  return problems;
}

/** The times of the week no shift covers, in words ("Saturday 22:00 – Monday 06:00"), for a warning. */
export function shiftGaps(shifts: readonly ShiftDefinition[]): string[] {
  const covered = new Uint8Array(WEEK);
  for (const span of spansOf(shifts)) for (let m = Math.floor(span.start); m < Math.ceil(span.end); m++) covered[m % WEEK] = 1;
  if (covered.every((c) => c === 1)) return [];
  // Start scanning at a covered minute, so a gap across the end of the week is reported once.
  const from = covered.indexOf(1);
  if (from < 0) return ['the whole week'];
  const gaps: string[] = [];
  let gapStart: number | undefined;
  for (let i = 1; i <= WEEK; i++) {
    const m = (from + i) % WEEK;
    if (covered[m] === 0 && gapStart === undefined) gapStart = m;
    if (covered[m] === 1 && gapStart !== undefined) {
      gaps.push(`${DAY_NAME[WEEKDAYS[Math.floor(gapStart / DAY)]!]} ${clock(gapStart)} – ${DAY_NAME[WEEKDAYS[Math.floor(m / DAY)]!]} ${clock(m)}`);
      gapStart = undefined;
    }
  }
  return gaps;
}
