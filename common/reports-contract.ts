import { z } from 'zod';
import { QualitySchema } from './quality.ts';
import { LanguageCodeSchema } from './preferences.ts';

/**
 * Shifts, OEE, the logbook and shift reports as the contract carries them. Times are UTC epoch ms;
 * the plant's time zone turns them into local shift days.
 */

export const ShiftInstanceSchema = z.object({
  /** `2026-03-29/Night`: the local date the shift starts on and its name. */
  id: z.string(),
  shift: z.string(),
  localDate: z.string(),
  start: z.number(),
  end: z.number(),
  /** Planned breaks (planned downtime) inside the shift. */
  breaks: z.array(z.object({ start: z.number(), end: z.number() })),
  /** Shift length minus breaks (ms). */
  plannedMs: z.number(),
});
export type ShiftInstance = z.infer<typeof ShiftInstanceSchema>;

export const DowntimeEventSchema = z.object({
  start: z.number(),
  end: z.number(),
  durationMs: z.number(),
  /** The machine state value, or null when there was no (good) data. */
  state: z.number().nullable(),
  code: z.string(),
  reason: z.string(),
  /** Who classified the stop, when an operator did (otherwise the reason comes from the state). */
  classifiedBy: z.string().optional(),
});
export type DowntimeEvent = z.infer<typeof DowntimeEventSchema>;

export const ParetoEntrySchema = z.object({
  code: z.string(),
  reason: z.string(),
  durationMs: z.number(),
  count: z.number(),
  share: z.number(),
  cumulativeShare: z.number(),
});
export type ParetoEntry = z.infer<typeof ParetoEntrySchema>;

const Factor = z.number().nullable();

export const OeeResultSchema = z.object({
  line: z.string(),
  shiftId: z.string(),
  from: z.number(),
  /** End of the shift, or now for the current shift. */
  to: z.number(),
  plannedMs: z.number(),
  runMs: z.number(),
  /** Planned time the line was known not to run. */
  downtimeMs: z.number(),
  /**
   * Planned time with no good state (links down, nothing recorded): neither run nor downtime, and left
   * out of availability. Absent in reports from before it was counted apart (then it was downtime "No data").
   */
  unknownMs: z.number().optional(),
  good: z.number(),
  reject: z.number(),
  total: z.number(),
  idealRatePerMinute: z.number(),
  /** Each factor 0..1 (performance may exceed 1 if the ideal rate is set too low); null when undefined (nothing planned, nothing run, nothing made). */
  availability: Factor,
  performance: Factor,
  quality: Factor,
  oee: Factor,
  /** False when part of the shift had no good history (`unknownMs` > 0). */
  complete: z.boolean(),
  /**
   * The live OEE only: the worst current quality of the line's input tags (state, good and reject
   * counters) and the oldest of their source times. Bad while the links are down, so the result is
   * shown as such and not as a live number.
   */
  inputs: z.object({ quality: QualitySchema, sourceTime: z.number() }).optional(),
  downtime: z.array(DowntimeEventSchema),
  pareto: z.array(ParetoEntrySchema),
});
export type OeeResult = z.infer<typeof OeeResultSchema>;

export const LogbookEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  user: z.string(),
  role: z.string(),
  line: z.string(),
  text: z.string(),
});
export type LogbookEntry = z.infer<typeof LogbookEntrySchema>;

export const ProductionRowSchema = z.object({
  workOrder: z.string(),
  product: z.string(),
  line: z.string(),
  good: z.number(),
  reject: z.number(),
  units: z.string(),
});
export type ProductionRow = z.infer<typeof ProductionRowSchema>;

export const KeyValueSchema = z.object({
  tag: z.string(),
  description: z.string(),
  units: z.string(),
  decimals: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  avg: z.number().nullable(),
  /** The worst quality over the shift; null when nothing was recorded. */
  quality: QualitySchema.nullable(),
});
export type KeyValue = z.infer<typeof KeyValueSchema>;

export const ReportAlarmsSchema = z.object({
  totalAlarms: z.number(),
  averagePer10Min: z.number(),
  peakPer10Min: z.number(),
  floodShare: z.number(),
  acknowledgements: z.number(),
  shelveActions: z.number(),
  priorityDistribution: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
  worstActors: z.array(z.object({ alarmId: z.string(), count: z.number(), share: z.number() })),
  chattering: z.array(z.object({ alarmId: z.string(), count: z.number() })),
});
export type ReportAlarms = z.infer<typeof ReportAlarmsSchema>;

/** What a report says; its SHA-256 is what a signature covers. */
export const ReportContentSchema = z.object({
  plant: z.string(),
  project: z.string(),
  timeZone: z.string(),
  shift: ShiftInstanceSchema,
  generatedAt: z.number(),
  /**
   * Up to when the report covers: the shift's end, or the moment it was generated when the shift was
   * still running (a report on demand for the shift so far). Absent in reports from before on-demand
   * reports: they were made after their shift ended and cover all of it.
   */
  to: z.number().optional(),
  /** 'range' for a report over a custom range (its `shift` is the range, without breaks); absent for shifts. */
  kind: z.enum(['shift', 'range']).optional(),
  version: z.number(),
  production: z.array(ProductionRowSchema),
  oee: z.array(OeeResultSchema),
  alarms: ReportAlarmsSchema,
  logbook: z.array(LogbookEntrySchema),
  keyValues: z.array(KeyValueSchema),
  /**
   * The audit trail's last record when the report was generated: an anchor kept outside the trail
   * (`npm run audit:verify -- --anchor SEQ:HASH` checks the trail still has it). Absent in reports
   * from before anchoring and where no trail is kept.
   */
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }).optional(),
});
export type ReportContent = z.infer<typeof ReportContentSchema>;

export const SignatureRecordSchema = z.object({
  user: z.string(),
  role: z.string(),
  meaning: z.string(),
  reason: z.string(),
  at: z.number(),
  /** SHA-256 (hex) of the exact stored report content the signer saw. */
  contentSha256: z.string(),
  /** How the signer was verified (e.g. 'role-check' in a build without passwords, 'password'). */
  method: z.string(),
});
export type SignatureRecord = z.infer<typeof SignatureRecordSchema>;

export const ReportSummarySchema = z.object({
  id: z.number(),
  shiftId: z.string(),
  shift: z.string(),
  start: z.number(),
  end: z.number(),
  version: z.number(),
  generatedAt: z.number(),
  contentSha256: z.string(),
  oee: z.number().nullable(),
  signature: SignatureRecordSchema.nullable(),
  /** Up to when the report covers (the end for a whole shift). */
  to: z.number(),
  /** Provisional until signed; a report of a shift that was still running stays provisional (it cannot be signed). */
  provisional: z.boolean(),
});
export type ReportSummary = z.infer<typeof ReportSummarySchema>;

/** Whether the report covers only part of its shift (made while the shift ran). */
export function isPartialReport(content: Pick<ReportContent, 'shift' | 'to'>): boolean {
  return content.to !== undefined && content.to < content.shift.end;
}

/** Provisional: not signed, or the shift was still running when it was made. */
export function isProvisionalReport(content: Pick<ReportContent, 'shift' | 'to'>, signature: SignatureRecord | null): boolean {
  return signature === null || isPartialReport(content);
}

export const ReportSchema = ReportSummarySchema.extend({ content: ReportContentSchema });
export type Report = z.infer<typeof ReportSchema>;

export const EXPORT_FORMATS = ['pdf', 'csv', 'xlsx'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ReportProgressSchema = z.object({
  exportId: z.string(),
  reportId: z.number(),
  format: ExportFormatSchema,
  /** 0..1 */
  done: z.number(),
  stage: z.string(),
});
export type ReportProgress = z.infer<typeof ReportProgressSchema>;

/** The downtime reasons an operator may pick for a line's stops. */
export const LineReasonsSchema = z.record(z.string(), z.array(z.object({ code: z.string(), text: z.string() })));

export const CurrentOeeSchema = z.object({ shift: ShiftInstanceSchema.nullable(), lines: z.array(OeeResultSchema), reasons: LineReasonsSchema });
export type CurrentOee = z.infer<typeof CurrentOeeSchema>;

const ReportId = z.number().int().positive();
const Text = (max: number) => z.string().trim().min(1).max(max);

export const reportCalls = {
  /** Shift instances overlapping [from, to) (default: the last 24 hours to the end of the current shift). */
  'shifts.list': {
    params: z.strictObject({ from: z.number().int().nonnegative().optional(), to: z.number().int().nonnegative().optional() }),
    result: z.object({ timeZone: z.string(), current: ShiftInstanceSchema.nullable(), shifts: z.array(ShiftInstanceSchema) }),
  },
  /** OEE of the current shift per line, as last computed (also published as tags <line>/OEE/...). */
  'oee.current': { params: z.strictObject({}), result: CurrentOeeSchema },
  /** An operator names the reason of a stop of the current shift (one of the line's reason codes). */
  'oee.classify': {
    params: z.strictObject({ line: z.string().min(1).max(100), start: z.number().int().nonnegative(), code: z.string().min(1).max(40) }),
    result: z.object({ line: z.string(), start: z.number(), code: z.string(), reason: z.string(), user: z.string() }),
  },
  /** Reports, newest first. */
  'reports.list': {
    params: z.strictObject({ limit: z.number().int().min(1).max(500).default(50) }),
    result: z.array(ReportSummarySchema),
  },
  'reports.get': { params: z.strictObject({ id: ReportId }), result: ReportSchema },
  /**
   * Generates a report now, on demand: for a shift (`shiftId`; a shift still running is reported so far
   * and stays provisional) or for a custom range (`from`, `to`, at most 31 days, not in the future). A
   * new version when the shift or range has one already (a signed report is never edited). The
   * scheduled report at the shift's end is made all the same.
   */
  'reports.generate': {
    params: z
      .strictObject({ shiftId: z.string().min(1).max(100).optional(), from: z.number().int().nonnegative().optional(), to: z.number().int().nonnegative().optional() })
      .refine((q) => (q.shiftId !== undefined) !== (q.from !== undefined || q.to !== undefined), { message: 'give either a shiftId or a range (from and to), not both', path: ['shiftId'] })
      .refine((q) => q.shiftId !== undefined || (q.from !== undefined && q.to !== undefined), { message: 'a range needs both from and to', path: ['to'] })
      .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['to'] }),
    result: ReportSummarySchema,
  },
  /** Renders an export with `reports.progress` events; download it from `url` (GET, bearer token). */
  /**
   * Renders an export for download. PDF and XLSX are in `language` (the reader's; default: the person's
   * own language kept by the runtime, else English), numbers in the plant's locale; CSV is one
   * machine-readable form in every language.
   */
  'reports.export': {
    params: z.strictObject({ id: ReportId, format: ExportFormatSchema, language: LanguageCodeSchema.optional() }),
    result: z.object({ exportId: z.string(), url: z.string(), fileName: z.string(), bytes: z.number() }),
  },
  /** Electronic sign-off. Needs role supervisor or admin, a meaning and a reason (and, with user accounts, the password). */
  'reports.sign': {
    params: z.strictObject({ id: ReportId, meaning: Text(100), reason: Text(500), password: z.string().max(200).optional() }),
    result: ReportSummarySchema,
  },
  'logbook.add': { params: z.strictObject({ text: Text(2000), line: z.string().max(100).default('') }), result: LogbookEntrySchema },
  'logbook.list': {
    params: z.strictObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }).refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] }),
    result: z.array(LogbookEntrySchema),
  },
} as const;

export const reportEvents = {
  'oee.changed': CurrentOeeSchema,
  'reports.progress': ReportProgressSchema,
  'reports.generated': ReportSummarySchema,
} as const;
