import { z } from 'zod';

export const CONNECTION_STATUSES = ['off', 'connecting', 'ok', 'error'] as const;
export const ConnectionStatusSchema = z.enum(CONNECTION_STATUSES);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const DeviceInfoSchema = z.object({
  name: z.string(),
  driver: z.string(),
  description: z.string(),
  status: ConnectionStatusSchema,
  /** The last error in words, while the status is 'error' (and after, until the next one). */
  lastError: z.string().optional(),
  /** When the status last changed (epoch ms). */
  since: z.number(),
  tagCount: z.number().int(),
  /** Request counters, for drivers that keep them. */
  stats: z.object({ requests: z.number(), errors: z.number(), lastRoundTripMs: z.number().optional() }).optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;
