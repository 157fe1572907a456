import { z } from 'zod';
import { CALL_NAMES } from '../../../common/contract.ts';

const CallNameSchema = z.string().refine((name) => (CALL_NAMES as readonly string[]).includes(name), 'not a contract call (e.g. alarms.definitions.save)');

/**
 * The project's `security` block: inactivity timeout, lockout, and which actions need an electronic
 * signature. Defaults are strict enough for a shared control-room station.
 */
export const SecuritySettingsSchema = z.strictObject({
  /** A station signs its person out after this many minutes without input. */
  idleTimeoutMinutes: z.number().min(1).max(720).default(15),
  lockout: z
    .strictObject({
      /** Wrong passwords in a row before sign-in is refused... */
      attempts: z.number().int().min(1).max(100).default(5),
      /** ...for this many minutes. */
      minutes: z.number().min(1).max(1440).default(15),
    })
    .default({ attempts: 5, minutes: 15 }),
  signatures: z
    .strictObject({
      /** Calls that need a signature (password again, meaning and reason). */
      calls: z.array(CallNameSchema).default([]),
      /** `tags.write` to these tags (a path, or a prefix ending in `/`) needs a signature. */
      criticalTags: z.array(z.string().min(1)).default([]),
      /** Of the signed calls, those that also need a second person (verifier). */
      verifierCalls: z.array(CallNameSchema).default([]),
    })
    .default({ calls: [], criticalTags: [], verifierCalls: [] }),
});
export type SecuritySettings = z.output<typeof SecuritySettingsSchema>;

export const DEFAULT_SECURITY: SecuritySettings = SecuritySettingsSchema.parse({});
