import { z } from 'zod';

/**
 * Lot genealogy (issue 20, item 1): output lots a work order makes, the input lot each consumption
 * used, and traces through them. Lot ids are unique across materials (a numbering rule puts the line
 * and the date in them); an output lot consumed again on another order is the same lot there.
 */

export const LotIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a lot is letters, digits, ., _, : and - (starting with a letter or digit)');

/**
 * How a product's output lots are numbered and when a new one starts. Placeholders: `{line}` the
 * work centre, `{order}` the order id, `{product}` the material code, `{yyyy}` `{yy}` `{MM}` `{dd}`
 * `{HH}` the plant's local time the lot opens, `{shift}` its shift's name, and `{seq}` or `{seq:N}`
 * (N digits) a number counting up per line, product and local day, from 1.
 */
export const LotRuleSchema = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .max(100)
    .refine((p) => /\{seq(:\d)?\}/.test(p), 'the pattern needs {seq} or {seq:N}, so two lots of one day differ')
    .default('{line}{yyMMdd}{seq:3}'),
  /** `order`: one lot per order; `shift`: a new lot at each shift change; `count`: a new lot every `everyUnits` good units. */
  newLot: z.enum(['order', 'shift', 'count']).default('order'),
  everyUnits: z.number().int().min(1).optional(),
});
export type LotRule = z.output<typeof LotRuleSchema>;

export const LotKindSchema = z.enum(['output', 'input']);

export const LotSchema = z.object({
  id: z.string(),
  material: z.string(),
  kind: LotKindSchema,
  /** Output lots: the order, line and shift that made it, when it opened and closed, and the good units in it. */
  order: z.string().optional(),
  line: z.string().optional(),
  shift: z.string().optional(),
  openedAt: z.number(),
  closedAt: z.number().optional(),
  produced: z.number().optional(),
  /** The confirmations that carried this lot, and how far each got to MES/ERP. */
  confirmations: z.array(z.object({ completion: z.string(), connector: z.string(), state: z.string() })).default([]),
});
export type Lot = z.infer<typeof LotSchema>;

/** One consumption of a lot into another: `parent` went into `child` under `order`. */
export const LotLinkSchema = z.object({
  parent: z.string(),
  child: z.string(),
  order: z.string(),
  consumption: z.string(),
  material: z.string(),
  quantity: z.number(),
  unit: z.string(),
  at: z.number(),
  /** The consumption was reversed afterwards (kept: a recall errs on the side of more). */
  reversed: z.boolean(),
});
export type LotLink = z.infer<typeof LotLinkSchema>;

export const TraceDirectionSchema = z.enum(['backward', 'forward']);
export type TraceDirection = z.infer<typeof TraceDirectionSchema>;

/**
 * A trace from one lot: every lot reached with its depth (the shortest), and every link followed.
 * A lot reached twice (two paths, or a cycle of rework) appears once; `truncated` says a bound stopped it.
 */
export const TraceSchema = z.object({
  root: z.string(),
  direction: TraceDirectionSchema,
  lots: z.array(LotSchema.extend({ depth: z.number().int() })),
  links: z.array(LotLinkSchema),
  truncated: z.boolean(),
});
export type Trace = z.infer<typeof TraceSchema>;

/** The lot an operator (or a tag) set as the one in use for a material at a line. */
export const LineInputSchema = z.object({
  line: z.string(),
  material: z.string(),
  /** Absent: no lot set; consumptions of it are recorded without a lot and warned about. */
  lot: z.string().optional(),
  source: z.enum(['operator', 'tag']).optional(),
  setBy: z.string().optional(),
  setAt: z.number().optional(),
  /** The material is on the BOM of the order running on the line. */
  needed: z.boolean(),
});
export type LineInput = z.infer<typeof LineInputSchema>;

/** One row of a recall list: an output lot the recalled lot reached, with where it went. */
export const RecallRowSchema = z.object({
  lot: z.string(),
  material: z.string(),
  depth: z.number().int(),
  order: z.string().optional(),
  line: z.string().optional(),
  shift: z.string().optional(),
  openedAt: z.number(),
  closedAt: z.number().optional(),
  produced: z.number().optional(),
  /** Delivered to MES/ERP in a confirmation (the ERP knows where it shipped). */
  confirmed: z.boolean(),
});
export type RecallRow = z.infer<typeof RecallRowSchema>;

const LotParam = z.string().min(1).max(100);

export const lotCalls = {
  /** Lots by id prefix or material, newest first. */
  'lots.list': {
    params: z.strictObject({ prefix: z.string().max(100).default(''), material: z.string().max(100).optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    result: z.array(LotSchema),
  },
  /** Backward (what went into the lot) or forward (where it went), several levels, cycles followed once. */
  'lots.trace': {
    params: z.strictObject({ lot: LotParam, direction: TraceDirectionSchema, maxDepth: z.number().int().min(1).max(50).default(20) }),
    result: TraceSchema,
  },
  /** The output lots a lot reached (forward trace), for a recall. */
  'lots.recall': { params: z.strictObject({ lot: LotParam }), result: z.object({ lot: z.string(), rows: z.array(RecallRowSchema), truncated: z.boolean() }) },
  /** The recall list as a PDF (base64), for printing. */
  'lots.recallPdf': { params: z.strictObject({ lot: LotParam }), result: z.object({ fileName: z.string(), base64: z.string() }) },
  /** Per line, the materials in use and their current lot (the running order's BOM, and any lot set). */
  'lots.lineInputs': { params: z.strictObject({ line: z.string().max(100).optional() }), result: z.array(LineInputSchema) },
  /** The operator sets (scans) the lot of a material in use at a line; `lot` absent clears it. */
  'lots.setLineInput': {
    params: z.strictObject({ line: z.string().min(1).max(100), material: z.string().min(1).max(100), lot: LotIdSchema.optional() }),
    result: LineInputSchema,
  },
  /** Puts a lot on hold (it cannot be consumed or confirmed as good) or, without a reason, releases it; audited. */
  'lots.setHold': {
    params: z.strictObject({ lot: LotIdSchema, reason: z.string().trim().min(1).max(500).optional() }),
    result: z.object({ lot: z.string(), hold: z.object({ reason: z.string(), by: z.string(), at: z.number() }).optional() }),
  },
} as const;
