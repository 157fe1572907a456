import { z } from 'zod';
import { ConnectorTypeSchema } from './mes-config.ts';
import { SecretWriteSchema } from './secrets.ts';

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
      secrets: z.record(z.string(), SecretWriteSchema).default({}),
    }),
    result: z.object({ connector: ConnectorOptionsViewSchema, restarted: z.boolean() }),
  },
} as const;
