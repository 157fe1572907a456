import { z } from 'zod';

/**
 * Maintenance (issue 21, items 3 and 4): each piece of equipment's run hours, starts and cycles from its
 * tags, its maintenance intervals and what is due, its maintenance log, and the maintenance requests
 * sent to the CMMS with the state the CMMS reports back.
 */

export const REQUEST_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/**
 * queued: stored, not yet accepted by the CMMS (retried with backoff); refused: the CMMS said no (or the
 * request could not be formed); accepted, inProgress, done, rejected: as the CMMS reports.
 */
export const REQUEST_STATES = ['queued', 'refused', 'accepted', 'inProgress', 'done', 'rejected'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const MaintenanceRequestSchema = z.object({
  id: z.string(),
  equipment: z.string(),
  symptom: z.string(),
  priority: z.enum(REQUEST_PRIORITIES),
  failureCode: z.string().optional(),
  alarmId: z.string().optional(),
  downtimeId: z.string().optional(),
  /** The interval that came due, for a request made by an interval. */
  interval: z.string().optional(),
  requestedBy: z.string(),
  createdAt: z.number(),
  state: z.enum(REQUEST_STATES),
  /** The CMMS's own number for it, once accepted. */
  externalId: z.string().optional(),
  attempts: z.number().int(),
  lastError: z.string(),
  updatedAt: z.number(),
  /** Each state the request went through, with when. */
  history: z.array(z.object({ at: z.number(), state: z.string(), detail: z.string() })),
});
export type MaintenanceRequest = z.infer<typeof MaintenanceRequestSchema>;

export const IntervalStatusSchema = z.object({
  name: z.string(),
  /** What the interval counts: every N hours run, starts, cycles, or days. */
  unit: z.enum(['hours', 'starts', 'cycles', 'days']),
  every: z.number(),
  /** Counted since it was last done (hours, starts, cycles or days). */
  since: z.number(),
  due: z.boolean(),
  lastDoneAt: z.number().optional(),
});
export type IntervalStatus = z.infer<typeof IntervalStatusSchema>;

export const LogEntrySchema = z.object({
  seq: z.number().int(),
  equipment: z.string(),
  at: z.number(),
  by: z.string(),
  what: z.string(),
  parts: z.array(z.string()),
  intervals: z.array(z.string()),
  requestId: z.string().optional(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const EquipmentConditionSchema = z.object({
  id: z.string(),
  name: z.string(),
  runHours: z.number(),
  starts: z.number().int(),
  cycles: z.number(),
  running: z.boolean().nullable(),
  intervals: z.array(IntervalStatusSchema),
});
export type EquipmentCondition = z.infer<typeof EquipmentConditionSchema>;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const maintenanceCalls = {
  /** Every piece of equipment with its counters and intervals, the requests and the latest log entries. */
  'maintenance.list': {
    params: z.strictObject({ equipment: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).default(100) }),
    result: z.object({
      configured: z.boolean(),
      cmms: z.object({ configured: z.boolean(), format: z.string() }),
      equipment: z.array(EquipmentConditionSchema),
      requests: z.array(MaintenanceRequestSchema),
      log: z.array(LogEntrySchema),
    }),
  },
  /** A maintenance request to the CMMS (from an alarm, a downtime event or by hand); sent exactly once. */
  'maintenance.request': {
    params: z.strictObject({
      equipment: Text(200),
      symptom: Text(500),
      priority: z.enum(REQUEST_PRIORITIES).default('medium'),
      failureCode: z.string().trim().max(40).optional(),
      alarmId: z.string().max(200).optional(),
      downtimeId: z.string().max(200).optional(),
    }),
    result: MaintenanceRequestSchema,
  },
  /** Work done on a piece of equipment (what, parts, the intervals it fulfils, the request it closes). */
  'maintenance.logWork': {
    params: z.strictObject({
      equipment: Text(200),
      what: Text(1000),
      parts: z.array(Text(200)).max(50).default([]),
      intervals: z.array(z.string().max(100)).max(20).default([]),
      requestId: z.string().max(100).optional(),
    }),
    result: LogEntrySchema,
  },
} as const;
