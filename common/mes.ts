import { z } from 'zod';

/**
 * Work orders and production events exchanged with MES/ERP, aligned with ISA-95 (B2MML's
 * ProductionSchedule / ProductionPerformance): the model the runtime stores, the connectors map to
 * and from, and the renderer shows. Quantities carry UNECE Recommendation 20 unit codes; times are
 * UTC ISO 8601 strings (`...Z`), each record also names the plant's IANA time zone so a report can
 * show local time without guessing.
 */

/** UNECE Rec 20 common code: 2–3 upper-case letters or digits (`H87` piece, `KGM` kilogram, `LTR` litre). */
export const UnitCodeSchema = z.string().regex(/^[A-Z0-9]{2,3}$/, 'a unit is a UNECE Rec 20 code of 2–3 upper-case letters or digits (e.g. H87, KGM, LTR)');
export type UnitCode = z.infer<typeof UnitCodeSchema>;

/** Codes the example and tests use; any code matching the pattern is accepted. */
export const COMMON_UNIT_CODES = {
  H87: 'piece',
  C62: 'one',
  KGM: 'kilogram',
  GRM: 'gram',
  LTR: 'litre',
  MLT: 'millilitre',
  MTR: 'metre',
  SEC: 'second',
  MIN: 'minute',
  HUR: 'hour',
  CEL: 'degree Celsius',
  CS: 'case',
  PK: 'pack',
} as const;

/** A UTC instant as ISO 8601; inbound offsets (`+02:00`) are accepted and normalised to `Z`. */
export const UtcTimeSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-03-01T06:00:00Z' }).transform((s) => new Date(s).toISOString());
export type UtcTime = z.output<typeof UtcTimeSchema>;

const Code = z.string().min(1).max(100);
const Text = z.string().max(2000);
/** External ids travel in URLs and file names; keep them to a safe alphabet. */
export const ExternalIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'an id is letters, digits, ., _, : and - (starting with a letter or digit)');

export const QuantitySchema = z.strictObject({
  value: z
    .number()
    .refine(Number.isFinite, 'must be a finite number')
    .refine((n) => n >= 0, 'must not be negative'),
  unit: UnitCodeSchema,
});
export type Quantity = z.infer<typeof QuantitySchema>;

export const MaterialRefSchema = z.strictObject({ code: Code, revision: z.string().max(50).optional(), description: Text.optional() });
export type MaterialRef = z.infer<typeof MaterialRefSchema>;

export const WORK_ORDER_STATUSES = ['Released', 'Ready', 'Running', 'Held', 'Completed', 'Closed', 'Cancelled'] as const;
export const WorkOrderStatusSchema = z.enum(WORK_ORDER_STATUSES);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatusSchema>;

export const OperationSchema = z.strictObject({
  id: Code,
  sequence: z.number().int().min(0),
  description: Text.default(''),
  workCentre: Code.optional(),
  quantity: QuantitySchema.optional(),
});
export type Operation = z.infer<typeof OperationSchema>;

/**
 * How a BOM line is consumed when production is confirmed (backflush, main/core/mes/backflush.ts):
 * `goodAndScrap` (the default when absent: a rejected bottle used its preform and cap too), `good`
 * (only good units consume it, e.g. a label applied after inspection), or `manual` (never
 * backflushed: the operator records what was used, with its lot).
 */
export const BACKFLUSH_RULES = ['goodAndScrap', 'good', 'manual'] as const;
export const BackflushRuleSchema = z.enum(BACKFLUSH_RULES);
export type BackflushRule = z.infer<typeof BackflushRuleSchema>;

/**
 * A material the order needs. `quantity` is what the order's planned quantity needs in total (as
 * ISA-95 MaterialRequirement and B2MML send it), so one unit of product needs quantity / planned.
 */
export const BomLineSchema = z.strictObject({
  material: MaterialRefSchema,
  quantity: QuantitySchema,
  operation: Code.optional(),
  backflush: BackflushRuleSchema.optional(),
});
export type BomLine = z.infer<typeof BomLineSchema>;

/** A recipe value. `tag` is filled in by the runtime from the line's parameter map, not by the MES. */
export const ParameterSchema = z.strictObject({
  name: Code,
  value: z.union([z.number(), z.boolean(), z.string().max(500)]),
  unit: UnitCodeSchema.optional(),
});
export type Parameter = z.infer<typeof ParameterSchema>;

/** A work order as the MES sends it (after the connector's mappings have been applied). */
export const WorkOrderSchema = z.strictObject({
  /** The external system that owns the order (the connector id) and its id there. */
  system: Code,
  id: ExternalIdSchema,
  /** Increases with every change in the MES; an older or equal revision than the stored one is stale. */
  revision: z.number().int().min(0),
  material: MaterialRefSchema,
  quantity: QuantitySchema,
  /** The local line / work centre (mapped from the MES's work centre code). */
  workCentre: Code,
  /** When the MES plans it; B2MML makes both optional (an order may have a start and a duration, or no times). */
  scheduledStart: UtcTimeSchema.optional(),
  scheduledEnd: UtcTimeSchema.optional(),
  due: UtcTimeSchema.optional(),
  /** 1 is the most urgent. */
  priority: z.number().int().min(1).max(999).default(500),
  status: WorkOrderStatusSchema.default('Released'),
  operations: z.array(OperationSchema).max(200).default([]),
  bom: z.array(BomLineSchema).max(1000).default([]),
  parameters: z.array(ParameterSchema).max(200).default([]),
  description: Text.default(''),
});
export type WorkOrderInput = z.input<typeof WorkOrderSchema>;
export type WorkOrder = z.output<typeof WorkOrderSchema>;

/** The key a work order is stored and ordered under. */
export function workOrderKey(order: { system: string; id: string }): string {
  return `${order.system}/${order.id}`;
}

export const WorkOrderRefSchema = z.strictObject({ system: Code, id: ExternalIdSchema });
export type WorkOrderRef = z.infer<typeof WorkOrderRefSchema>;

export const ScrapSchema = z.strictObject({ quantity: QuantitySchema, reason: Code });
export type Scrap = z.infer<typeof ScrapSchema>;

/** A production confirmation. `id` is the idempotency key: the receiver applies each id once. */
export const CompletionSchema = z.strictObject({
  id: ExternalIdSchema,
  workOrder: WorkOrderRefSchema,
  operation: Code.optional(),
  /** Per work order, 1, 2, 3... in the order they were recorded. */
  sequence: z.number().int().min(1),
  good: QuantitySchema,
  scrap: z.array(ScrapSchema).max(100).default([]),
  rework: QuantitySchema.optional(),
  actualStart: UtcTimeSchema,
  actualEnd: UtcTimeSchema,
  lots: z.array(Code).max(100).default([]),
  operator: Code,
  /** The last confirmation of the order: the MES may close it. */
  final: z.boolean(),
  /** When set, this confirmation cancels the one with that id (quantities are those being reversed). */
  reversalOf: ExternalIdSchema.optional(),
  /** The MES cancelled the order while it ran: this final confirmation carries what was produced until then. */
  cancelled: z.boolean().optional(),
  timeZone: z.string().min(1),
});
export type Completion = z.output<typeof CompletionSchema>;

export const MaterialConsumptionSchema = z.strictObject({
  id: ExternalIdSchema,
  workOrder: WorkOrderRefSchema,
  operation: Code.optional(),
  sequence: z.number().int().min(1),
  material: MaterialRefSchema,
  lot: Code.optional(),
  quantity: QuantitySchema,
  at: UtcTimeSchema,
  operator: Code,
  reversalOf: ExternalIdSchema.optional(),
  timeZone: z.string().min(1),
});
export type MaterialConsumption = z.output<typeof MaterialConsumptionSchema>;

export const DOWNTIME_CATEGORIES = ['unplanned', 'planned', 'changeover', 'starved', 'blocked', 'unclassified'] as const;
export const DowntimeCategorySchema = z.enum(DOWNTIME_CATEGORIES);
export type DowntimeCategory = z.infer<typeof DowntimeCategorySchema>;

export const DowntimeEventSchema = z.strictObject({
  id: ExternalIdSchema,
  /** The order running when the line stopped, if any. */
  workOrder: WorkOrderRefSchema.optional(),
  equipment: Code,
  start: UtcTimeSchema,
  /** Absent while the line is still down. */
  end: UtcTimeSchema.optional(),
  /** A reason code from the project's list; absent until the operator classifies the stop. */
  reason: Code.optional(),
  category: DowntimeCategorySchema,
  operator: Code.optional(),
  /** end − start, once the stop has ended. */
  durationMs: z.number().int().min(0).optional(),
  timeZone: z.string().min(1),
});
export type DowntimeEvent = z.output<typeof DowntimeEventSchema>;

/** A reason code operators pick from (downtime and scrap). */
export const ReasonCodeSchema = z.strictObject({
  code: Code,
  label: z.string().min(1).max(200),
  kind: z.enum(['downtime', 'scrap']),
  category: DowntimeCategorySchema.optional(),
});
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

/**
 * Mapping tables between the MES's codes and the plant's: a connector applies them inbound
 * (external → local) and outbound (local → external). A code missing from a non-empty table blocks
 * the message until the mapping exists; an empty table means codes pass through unchanged.
 */
const CodePair = z.strictObject({ external: Code, local: Code });
export const UnitMappingSchema = z.strictObject({
  external: z.string().min(1).max(20),
  local: UnitCodeSchema,
  /** local = external × factor + offset. */
  factor: z
    .number()
    .refine((n) => Number.isFinite(n) && n !== 0, 'must be a finite, non-zero number')
    .default(1),
  offset: z.number().refine(Number.isFinite, 'must be a finite number').default(0),
});
export type UnitMapping = z.output<typeof UnitMappingSchema>;

export const MappingTablesSchema = z.strictObject({
  materials: z.array(CodePair).default([]),
  workCentres: z.array(CodePair).default([]),
  units: z.array(UnitMappingSchema).default([]),
  reasonCodes: z.array(CodePair).default([]),
});
export type MappingTables = z.output<typeof MappingTablesSchema>;
export const EMPTY_MAPPINGS: MappingTables = { materials: [], workCentres: [], units: [], reasonCodes: [] };

/** What a missing mapping is about, so the sync view can say "material 4711 has no mapping". */
export const MAPPING_KINDS = ['materials', 'workCentres', 'units', 'reasonCodes'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];
export const MissingMappingSchema = z.strictObject({ table: z.enum(MAPPING_KINDS), code: z.string() });
export type MissingMapping = z.infer<typeof MissingMappingSchema>;
