import { z } from 'zod';
import { TagPathSchema } from '../../../common/tag.ts';

/** The format version of shifts.json this build reads. Older versions are migrated on load. */
export const SHIFTS_FORMAT_VERSION = 1;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `06:00` or `06:00:30`, local wall time. */
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'a local time is HH:MM or HH:MM:SS (e.g. 06:00)');

export const BreakSchema = z.strictObject({
  start: LocalTime,
  durationMinutes: z
    .number()
    .positive()
    .max(24 * 60),
});

export const ShiftDefinitionSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$/, 'a shift name is up to 40 letters, digits, spaces, _ and -'),
    /** Local wall time the shift starts, on each of `days`. */
    start: LocalTime,
    /** Local wall-clock length: 8 h from 22:00 ends at 06:00, so across a DST change the shift is 7 or 9 real hours. */
    durationMinutes: z
      .number()
      .min(0.25)
      .max(24 * 60),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .default([...WEEKDAYS]),
    breaks: z.array(BreakSchema).default([]),
  })
  .superRefine((shift, ctx) => {
    const startSec = secondsOf(shift.start);
    for (const [i, b] of shift.breaks.entries()) {
      const offset = (secondsOf(b.start) - startSec + 86_400) % 86_400;
      if (offset / 60 + b.durationMinutes > shift.durationMinutes) {
        ctx.addIssue({ code: 'custom', message: `the break must lie inside the shift (${shift.start} + ${shift.durationMinutes} min)`, path: ['breaks', i, 'start'] });
      }
    }
  });
export type ShiftDefinition = z.infer<typeof ShiftDefinitionSchema>;

/** One line's OEE inputs: its machine state, its counters and its ideal rate. */
export const LineDefinitionSchema = z.strictObject({
  name: TagPathSchema.describe('the line, also the prefix of its OEE tags (<name>/OEE/Availability...)'),
  stateTag: TagPathSchema,
  /** State values that count as running (run time). Every other value is downtime. */
  runningStates: z.array(z.number().int()).min(1),
  goodCounter: TagPathSchema,
  rejectCounter: TagPathSchema,
  /** Units per minute at the ideal cycle time. */
  idealRatePerMinute: z.number().positive(),
  /** The counters' largest value before they roll over to 0 (e.g. 4294967295 for uint32); a drop elsewhere is a reset. */
  counterMax: z.number().int().positive().optional(),
  /** Downtime reason per non-running state value (codes an operator may also pick). */
  reasons: z.record(z.string().regex(/^-?\d+$/, 'reason keys are state values'), z.strictObject({ code: z.string().min(1).max(40), text: z.string().min(1).max(100) })).default({}),
  units: z.string().max(20).default('units'),
});
export type LineDefinition = z.infer<typeof LineDefinitionSchema>;

export const ReportSettingsSchema = z.strictObject({
  /** Where reports are written at shift end; relative to the data folder unless absolute. */
  folder: z.string().min(1).default('reports'),
  formats: z.array(z.enum(['pdf', 'csv', 'xlsx'])).default(['pdf', 'csv', 'xlsx']),
  /** Key process values: min, max and average over the shift. */
  keyValues: z.array(TagPathSchema).max(50).default([]),
  /** Shifts that ended while Lineside was off are generated on start, as far back as this. */
  catchUpDays: z.number().int().min(0).max(90).default(7),
  operatorPositions: z.number().int().min(1).max(100).default(1),
});
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;

export const ShiftsFileSchema = z.strictObject({
  formatVersion: z.literal(SHIFTS_FORMAT_VERSION),
  shifts: z.array(ShiftDefinitionSchema).min(1),
  lines: z.array(LineDefinitionSchema).default([]),
  report: ReportSettingsSchema.default({ folder: 'reports', formats: ['pdf', 'csv', 'xlsx'], keyValues: [], catchUpDays: 7, operatorPositions: 1 }),
});
export type ShiftsFile = z.infer<typeof ShiftsFileSchema>;

export function secondsOf(localTime: string): number {
  const [h, m, s] = localTime.split(':').map(Number);
  return h! * 3600 + m! * 60 + (s ?? 0);
}
