import { z } from 'zod';

/**
 * Secrets (device passwords, private keys, MES tokens and webhook secrets) are write-only. The station
 * keeps their values in its secrets file (main/core/secrets); project files refer to them by name,
 * and every call, export and log shows them only as set or not set.
 *
 * One secret field has three shapes:
 * - in a project file (project.json, mes.json): a reference, `{ "secret": "devices.plc1.auth.password" }`
 *   (`"generate": true` lets the station make a random value on its first start, e.g. a webhook secret);
 * - on read (`config.devices.list`, REST): a status, `{ "set": true, "name": "devices.plc1.auth.password" }`;
 * - on write (`config.devices.save`, REST PUT): `{ "value": "…" }` sets it, `{ "keep": true }` (or the
 *   status as read, untouched) keeps it, `{ "clear": true }` clears it. A plain string is a new value too.
 */

/** How long a secret's value may be: a PEM private key of RSA 8192 fits. */
export const SECRET_VALUE_MAX = 16_384;

/** Names the station keeps for itself (its token, the audit key): never referenced from a project. */
export const RESERVED_SECRET_PREFIX = 'lineside.';

export const SecretNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a secret name is letters, digits, ., _ and - (up to 128), e.g. devices.plc1.auth.password');

/** A secret field in a project file. */
export const SecretRefSchema = z.strictObject({
  secret: SecretNameSchema.refine((name) => !name.startsWith(RESERVED_SECRET_PREFIX), `names starting with ${RESERVED_SECRET_PREFIX} are the station's own`),
  /** When the secrets file has no value yet, the station generates a random one at start (and audits that). */
  generate: z.literal(true).optional(),
});
export type SecretRef = z.infer<typeof SecretRefSchema>;

/** A secret field as every client reads it: whether it has a value, and under which name. */
export const SecretStatusSchema = z.object({ set: z.boolean(), name: SecretNameSchema.optional() });
export type SecretStatus = z.infer<typeof SecretStatusSchema>;

/** A secret field as a client writes it. */
export const SecretWriteSchema = z.union([
  z.strictObject({ value: z.string().min(1, 'a secret value cannot be empty (clear it instead)').max(SECRET_VALUE_MAX) }),
  z.strictObject({ keep: z.literal(true) }),
  z.strictObject({ clear: z.literal(true) }),
]);
export type SecretWrite = z.infer<typeof SecretWriteSchema>;

/** A secret field of a driver's or an MES connector's settings: its path in them and what a person calls it. */
export const SecretFieldSchema = z.object({
  /** Dot path in the settings object, e.g. `auth.password`. */
  path: z.string(),
  /** Shown next to the field, e.g. "Password (auth type username)". */
  label: z.string(),
  /** `pem`: a key file's text (several lines), chosen from a file rather than typed. */
  format: z.enum(['text', 'pem']).optional(),
});
export type SecretField = z.infer<typeof SecretFieldSchema>;

/** `${NAME}`: the value comes from the station's environment (MES tokens); a name, not a secret. */
export const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export function isSecretRef(value: unknown): value is SecretRef {
  return SecretRefSchema.safeParse(value).success;
}

export function isSecretStatus(value: unknown): value is SecretStatus {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { set?: unknown }).set === 'boolean' && Object.keys(value).every((k) => k === 'set' || k === 'name');
}
