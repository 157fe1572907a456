import { z } from 'zod';
import { REQUEST_PRIORITIES } from '../../../common/maintenance-contract.ts';
import { SecretRefSchema } from '../../../common/secrets.ts';

/**
 * maintenance.json: the equipment whose condition Lineside counts (run hours and starts from a running
 * tag, cycles from a counter tag), the maintenance intervals of each, and the CMMS that maintenance
 * requests go to (issue 21, items 3 and 4).
 */

export const MAINTENANCE_FILE = 'maintenance.json';

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.()/-]{0,99}$/, 'a name is letters, digits, spaces and _ . ( ) / - (up to 100)');

export const IntervalSchema = z
  .strictObject({
    name: Name,
    /** Exactly one: every N run hours, starts, cycles, or calendar days. */
    every: z.strictObject({
      hours: z.number().positive().optional(),
      starts: z.number().int().positive().optional(),
      cycles: z.number().int().positive().optional(),
      days: z.number().positive().optional(),
    }),
    /** When it comes due, a maintenance request goes to the CMMS by itself. */
    request: z.boolean().default(false),
    priority: z.enum(REQUEST_PRIORITIES).default('medium'),
  })
  .refine((i) => Object.values(i.every).filter((v) => v !== undefined).length === 1, { message: 'give exactly one of every.hours, every.starts, every.cycles, every.days', path: ['every'] });
export type Interval = z.infer<typeof IntervalSchema>;

export const EquipmentSchema = z.strictObject({
  /** The equipment's path, as its tags and alarms name it (`Line1/Filler`). */
  id: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'an equipment id is a tag path such as Line1/Filler'),
  name: z.string().min(1).max(100),
  /** A boolean tag, true while it runs: run hours and starts. */
  runningTag: z.string().min(1).max(200).optional(),
  /** A counter tag: cycles (a counter that goes down rolled over or was reset). */
  cycleTag: z.string().min(1).max(200).optional(),
  /** The counter's modulus when it rolls over (65536 for a 16-bit counter); without it, a drop is a reset to zero. */
  counterRollover: z.number().int().positive().optional(),
  intervals: z.array(IntervalSchema).default([]),
});
export type Equipment = z.infer<typeof EquipmentSchema>;

export const CmmsSchema = z.strictObject({
  /** The CMMS endpoint: JSON requests go to `<url>/requests`, B2MML to `<url>/b2mml`; states are read at `<url>/requests?id=<id>`. */
  url: z.url({ protocol: /^https?$/, error: 'the CMMS url is http:// or https://' }),
  /** `json` (REST JSON) or `b2mml` (ProcessWorkAlert, B2MML V0701, checked against MESA's schemas before sending). */
  format: z.enum(['json', 'b2mml']).default('json'),
  /** Sent as a bearer token; a reference into the station secrets file. */
  secret: SecretRefSchema.optional(),
  /** How often the states of open requests are asked for. */
  pollSeconds: z.number().min(1).max(3600).default(30),
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
});
export type Cmms = z.infer<typeof CmmsSchema>;

export const MaintenanceFileSchema = z.strictObject({
  formatVersion: z.literal(1, { message: 'formatVersion must be 1' }),
  cmms: CmmsSchema.optional(),
  equipment: z.array(EquipmentSchema).min(1),
});
export type MaintenanceFile = z.infer<typeof MaintenanceFileSchema>;
