import { z } from 'zod';
import { LotRuleSchema } from './lots.ts';
import { CharacteristicSchema } from './inspection.ts';
import { ConnectionStatusSchema } from './device.ts';
import { ReasonTextSchema } from './reasons.ts';
import { DowntimeCategorySchema, EMPTY_MAPPINGS, MappingTablesSchema, ReasonCodeSchema } from './mes.ts';
import { TagPathSchema } from './tag.ts';

/**
 * The project's `mes.json`: which MES/ERP connectors run, their mapping tables, the lines that run
 * work orders (which tags carry parameters, counters and machine state), and the reason codes.
 */

export const CONNECTOR_TYPES = ['rest', 'b2mml-http', 'b2mml-folder', 'mqtt'] as const;
export const ConnectorTypeSchema = z.enum(CONNECTOR_TYPES);
export type ConnectorType = z.infer<typeof ConnectorTypeSchema>;

export const ConnectorIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/, 'a connector id is letters, digits, _ and - (up to 50)');

/**
 * How the MES hands out orders: `queue`, one pending message at a time (each confirmed, then the
 * next); `snapshot`, its whole current schedule on every poll (an order whose id and version are
 * unchanged costs nothing; a changed version is an update; a missing one is handled per `disappeared`).
 */
export const INBOUND_MODES = ['queue', 'snapshot'] as const;
export const InboundModeSchema = z.enum(INBOUND_MODES);
export type InboundMode = z.infer<typeof InboundModeSchema>;

/** Snapshot mode: an order no longer in the MES's schedule is left as it is, or cancelled. */
export const DisappearedSchema = z.enum(['ignore', 'cancel']);
export type Disappeared = z.infer<typeof DisappearedSchema>;

/**
 * How a reversal of a confirmation or consumption is sent: `negative`, a new message under its own
 * key with the quantities negated (an MES that ignores the reversal marker still books the net); or
 * `cancel`, a cancellation of the original message by its id, carrying no quantities.
 */
export const ReversalFormSchema = z.enum(['negative', 'cancel']);
export type ReversalForm = z.infer<typeof ReversalFormSchema>;

/**
 * One connector. `options` are the transport's own settings, validated by that transport's schema
 * (main/core/mes/connector-types.ts) when the project loads.
 */
export const ConnectorConfigSchema = z.strictObject({
  id: ConnectorIdSchema,
  type: ConnectorTypeSchema,
  enabled: z.boolean().default(true),
  mappings: MappingTablesSchema.default(EMPTY_MAPPINGS),
  inbound: InboundModeSchema.default('queue'),
  disappeared: DisappearedSchema.default('ignore'),
  reversal: ReversalFormSchema.default('negative'),
  options: z.record(z.string(), z.unknown()).default({}),
});
export type ConnectorConfig = z.output<typeof ConnectorConfigSchema>;

/** Options of the REST/JSON connector. */
export const RestConnectorOptionsSchema = z.strictObject({
  /** The MES's API root, e.g. http://127.0.0.1:8720/api. */
  baseUrl: z.url({ message: 'must be an http(s) URL' }),
  /** Bearer token sent to the MES; `${ENV_NAME}` reads it from the environment. */
  token: z.string().min(1).optional(),
  /** How often new and changed orders are pulled (0: never, webhook only). */
  pollIntervalMs: z.number().int().min(0).max(3_600_000).default(5_000),
  timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  /**
   * The MES answers `GET {baseUrl}/messages/{key}` (200 held, 404 not): a message in doubt is read
   * back before it is resent. `false` when it has no such endpoint: the message is then resent under
   * the same Idempotency-Key, and the MES must deduplicate by it.
   */
  readBack: z.boolean().default(true),
  /** Secret the MES sends as `Authorization: Bearer …` when pushing orders to the webhook. */
  webhookSecret: z.string().min(16, 'a webhook secret has at least 16 characters').optional(),
});
export type RestConnectorOptions = z.output<typeof RestConnectorOptionsSchema>;

export const ParameterTagSchema = z.strictObject({
  /** The recipe parameter's name in the work order. */
  name: z.string().min(1),
  tag: TagPathSchema,
  /** Read-back must agree within this (numbers); other types must be equal. */
  tolerance: z.number().min(0).default(0),
  /** A parameter the order must carry; an order without it cannot start. */
  required: z.boolean().default(false),
});
export type ParameterTag = z.output<typeof ParameterTagSchema>;

export const CounterSchema = z.strictObject({
  tag: TagPathSchema,
  /** The PLC counter wraps to 0 after this value (e.g. 65535 for a UINT). */
  rolloverAt: z.number().int().min(1).default(4_294_967_295),
});
export type CounterConfig = z.output<typeof CounterSchema>;

export const LineConfigSchema = z.strictObject({
  /** The local work centre code orders are routed by (after mapping). */
  workCentre: z.string().min(1),
  /** The equipment named on downtime events. */
  equipment: z.string().min(1),
  /** The unit the counters count in (UNECE Rec 20). */
  countUnit: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/)
    .default('H87'),
  counters: z.strictObject({ good: CounterSchema, reject: CounterSchema }),
  /** Machine state tag: a value listed in `downStates` opens a downtime event, any other closes it. */
  stateTag: TagPathSchema,
  downStates: z.array(z.strictObject({ value: z.union([z.number(), z.string()]), category: DowntimeCategorySchema })).min(1),
  parameters: z.array(ParameterTagSchema).default([]),
  /** Scrap reason used for counted rejects until the operator gives another. */
  defaultScrapReason: z.string().min(1).default('REJECT'),
  /**
   * When MES/ERP cancels the order on this line, the line is held and what was counted is confirmed
   * at once as a final partial (`confirm`), or held for a supervisor's decision (`supervisor`).
   */
  cancelRunning: z.enum(['confirm', 'supervisor']).default('confirm'),
  /** Tags that carry the lot in use of a material (a scanner, a silo's lot register): it wins over an operator's entry while Good (issue 20). */
  lotTags: z.array(z.strictObject({ material: z.string().min(1).max(100), tag: TagPathSchema })).default([]),
});
export type LineConfig = z.output<typeof LineConfigSchema>;

/**
 * The MES store's size: delivered outbox rows and processed inbox rows are compacted once older than
 * `retentionDays` (kept longer while their order is open or their report period is not signed).
 */
export const MesStorageSchema = z.strictObject({
  retentionDays: z.number().int().min(1).max(3650).default(30),
});
export type MesStorage = z.output<typeof MesStorageSchema>;

/**
 * A product's recipe defaults: the line parameters an order of this product takes when the order
 * does not carry them (issue 16). Keyed by the product's local material code, as orders name it
 * after mapping; each parameter name must be one a line writes (`lines[].parameters[].name`).
 */
export const ProductRecipeSchema = z.strictObject({
  material: z.string().min(1).max(100),
  description: z.string().max(200).optional(),
  parameters: z.array(z.strictObject({ name: z.string().min(1).max(100), value: z.union([z.number(), z.boolean(), z.string().max(500)]) })).default([]),
  /** How this product's output lots are numbered and when a new one starts (issue 20); absent: `{line}{yyMMdd}{seq:3}`, one per order. */
  lots: LotRuleSchema.optional(),
  /** The product's inspection plan: characteristics sampled while its orders run (issue 20). */
  inspection: z.array(CharacteristicSchema).max(100).optional(),
});
export type ProductRecipe = z.output<typeof ProductRecipeSchema>;

export const MesConfigSchema = z.strictObject({
  connectors: z.array(ConnectorConfigSchema).default([]),
  lines: z.array(LineConfigSchema).default([]),
  reasonCodes: z.array(ReasonCodeSchema).default([]),
  storage: MesStorageSchema.default({ retentionDays: 30 }),
  /** Recipe defaults per product (issue 16). */
  products: z.array(ProductRecipeSchema).default([]),
});
export type MesConfig = z.output<typeof MesConfigSchema>;
export const EMPTY_MES_CONFIG: MesConfig = { connectors: [], lines: [], reasonCodes: [], storage: { retentionDays: 30 }, products: [] };

export const ConnectorHealthSchema = z.object({
  status: ConnectionStatusSchema,
  /** The last error in words (kept after recovery until the next one). */
  lastError: z.string().optional(),
  /** The same as a key of common/reasons.ts and its parameters, where the connector knows one (the renderer says it in the reader's language). */
  lastErrorText: ReasonTextSchema.optional(),
  lastErrorAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
});
export type ConnectorHealth = z.infer<typeof ConnectorHealthSchema>;
