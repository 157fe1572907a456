import { z } from 'zod';
import { ReasonTextSchema } from './reasons.ts';

export const CONNECTION_STATUSES = ['off', 'connecting', 'ok', 'error'] as const;
export const ConnectionStatusSchema = z.enum(CONNECTION_STATUSES);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/** A unit id on a device's link (Modbus): not asked yet, answering, or not answering (asked again after a backoff). */
export const UNIT_STATES = ['unknown', 'ok', 'no-response'] as const;
export const UnitInfoSchema = z.object({
  unitId: z.number().int(),
  state: z.enum(UNIT_STATES),
  /** When the state last changed (epoch ms). */
  since: z.number(),
  /** Round trip of the unit's last answered request (ms). */
  roundTripMs: z.number().optional(),
  /** Why, in words, while it does not answer ("no response from unit 2"). */
  error: z.string().optional(),
  /** While it does not answer: when it is asked next (epoch ms). */
  nextTryAt: z.number().optional(),
  requests: z.number(),
  timeouts: z.number(),
});
export type UnitInfo = z.infer<typeof UnitInfoSchema>;

export const DeviceInfoSchema = z.object({
  name: z.string(),
  driver: z.string(),
  description: z.string(),
  status: ConnectionStatusSchema,
  /** The last error in words, while the status is 'error' (and after, until the next one). */
  lastError: z.string().optional(),
  /** The last error as a key of common/reasons.ts and its parameters, when the driver gave one (the renderer says it in the reader's language). */
  lastErrorText: ReasonTextSchema.optional(),
  /** When the status last changed (epoch ms). */
  since: z.number(),
  tagCount: z.number().int(),
  /** Request counters, for drivers that keep them. */
  stats: z.object({ requests: z.number(), errors: z.number(), lastRoundTripMs: z.number().optional() }).optional(),
  /** Each unit id on the device's link, for drivers that address several (Modbus). */
  units: z.array(UnitInfoSchema).optional(),
  /** Problems that do not stop the device, in words naming the tags (e.g. two tags reading the same registers as different types). */
  warnings: z.array(z.string()).optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;
