import { z } from 'zod';
import { CALL_NAMES } from '../../../common/contract.ts';

const CallNameSchema = z.string().refine((name) => (CALL_NAMES as readonly string[]).includes(name), 'not a contract call (e.g. alarms.definitions.save)');

/**
 * The project's `security` block: inactivity timeout, sign-in delays, and which actions need an electronic
 * signature. Defaults are strict enough for a shared control-room station.
 */
export const SecuritySettingsSchema = z.strictObject({
  /** A station signs its person out after this many minutes without input. */
  idleTimeoutMinutes: z.number().min(1).max(720).default(15),
  /** A sign-in ends this many hours after it began, active or not (a shift and its handover). */
  sessionMaxHours: z.number().min(0.25).max(168).default(12),
  /**
   * Failed sign-ins slow down further attempts of that account and from that source (exponential
   * delay), instead of locking the account for everyone (main/core/users/sign-in-throttle.ts).
   */
  signIn: z
    .strictObject({
      /** Failed attempts (typos) before the delay starts. */
      freeFailures: z.number().int().min(0).max(20).default(3),
      /** The first delay; it doubles with each further failure... */
      firstDelaySeconds: z.number().min(0.1).max(60).default(1),
      /** ...up to this for one source (a client guessing)... */
      maxSourceDelaySeconds: z.number().min(1).max(3600).default(60),
      /** ...and this for one account from anywhere (short: an attacker only slows the real person down). */
      maxAccountDelaySeconds: z.number().min(1).max(600).default(10),
    })
    .default({ freeFailures: 3, firstDelaySeconds: 1, maxSourceDelaySeconds: 60, maxAccountDelaySeconds: 10 }),
  /** No longer used (sign-in slows down instead of locking, see signIn); still read so older projects load. */
  lockout: z.strictObject({ attempts: z.number().int().min(1).max(100), minutes: z.number().min(1).max(1440) }).optional(),
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
