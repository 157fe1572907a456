import { z } from 'zod';
import { ConnectorTypeSchema } from './mes-config.ts';

/**
 * Connector options as engineers edit them in the Sync view (issue 16): the form is generated from
 * each transport's own options schema (fields), and secrets are write-only: a list says whether
 * each is set, never its value; a save keeps, sets or clears it.
 */

/** One option of a transport, as the form shows it. */
export const ConnectorOptionFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'url', 'number', 'boolean', 'choice', 'secret']),
  required: z.boolean(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** `ms` or `s` for durations. */
  unit: z.string().optional(),
  choices: z.array(z.string()).optional(),
});
export type ConnectorOptionField = z.infer<typeof ConnectorOptionFieldSchema>;

/** Whether a secret is set; `reference` when it names an environment variable (`${NAME}`), which is not itself secret. */
export const SecretStateSchema = z.object({ set: z.boolean(), reference: z.string().optional() });
export type SecretState = z.infer<typeof SecretStateSchema>;

/**
 * What a save does with a secret: keep it, set a new value, or clear it. Write-only: nothing
 * returns the value. (The secrets work of issue 15 brings a shared shape; this one maps onto it.)
 */
export const SecretInputSchema = z.union([
  z.strictObject({ keep: z.literal(true) }),
  z.strictObject({ set: z.string().min(1, 'a secret is at least 1 character').max(4096) }),
  z.strictObject({ clear: z.literal(true) }),
]);
export type SecretInput = z.infer<typeof SecretInputSchema>;

export const ConnectorOptionsViewSchema = z.object({
  id: z.string(),
  type: ConnectorTypeSchema,
  enabled: z.boolean(),
  /** The options as written in mes.json, secrets left out. */
  options: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), SecretStateSchema),
  fields: z.array(ConnectorOptionFieldSchema),
});
export type ConnectorOptionsView = z.infer<typeof ConnectorOptionsViewSchema>;

export const connectorOptionsCalls = {
  /** Each connector's options (secrets as set / not set) and the fields its transport has. */
  'mes.connectors.list': { params: z.strictObject({}), result: z.array(ConnectorOptionsViewSchema) },
  /**
   * Replaces a connector's options: validated by its transport, written to mes.json atomically, the
   * connector restarted with them (what waits in the outbox goes on). Engineers (mes.configure);
   * audited with old and new options, secrets only as set / changed / cleared.
   */
  'mes.connectors.save': {
    params: z.strictObject({
      id: z.string().min(1).max(50),
      enabled: z.boolean(),
      options: z.record(z.string(), z.unknown()),
      secrets: z.record(z.string(), SecretInputSchema).default({}),
    }),
    result: z.object({ connector: ConnectorOptionsViewSchema, restarted: z.boolean() }),
  },
} as const;
