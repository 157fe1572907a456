import { z } from 'zod';

/** The audit trail as the contract carries it: append-only records, hash-chained in the runtime. */

export const AuditRecordSchema = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  /** The person (or `token:<name>` for an API token, `system` for the runtime itself). */
  user: z.string(),
  role: z.string(),
  /** Where it was done: the client's address (and the station name when known). */
  station: z.string(),
  /** What was done, named like the contract call (`tags.write`, `alarms.acknowledge`, `users.login.failed`). */
  action: z.string(),
  /** What it was done to (a tag path, an alarm id, a user name). */
  target: z.string(),
  /** JSON text, or '' when there is none. */
  oldValue: z.string(),
  newValue: z.string(),
  reason: z.string(),
  /** The meaning of an electronic signature ('' when the record is no signature). */
  meaning: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AuditQuerySchema = z.strictObject({
  from: z.number().optional(),
  to: z.number().optional(),
  user: z.string().max(64).optional(),
  /** An action name, or a prefix ending in `.` (`alarms.`). */
  action: z.string().max(100).optional(),
  /** Free text matched in target, values, reason and meaning. */
  text: z.string().max(200).optional(),
  /** Newest first; page back with the smallest seq seen. */
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(5000).default(200),
});
export type AuditQuery = z.output<typeof AuditQuerySchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  /** The first sequence number whose record is edited, missing, out of order or chained wrongly. */
  firstBadSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

export const auditCalls = {
  'audit.search': { params: AuditQuerySchema, result: z.object({ records: z.array(AuditRecordSchema), more: z.boolean() }) },
  'audit.verify': { params: z.strictObject({}), result: AuditVerificationSchema },
  /** The matching records as CSV (at most 100 000), oldest first. */
  'audit.export': { params: AuditQuerySchema.omit({ limit: true, beforeSeq: true }), result: z.object({ csv: z.string(), records: z.number().int() }) },
} as const;
