import { z } from 'zod';

/**
 * In-process inspection (issue 20, item 2, first part): a product's characteristics in mes.json
 * `products[].inspection`, samples due per running order, results stamped with person, time, order
 * and lot, and the SPC chart of a characteristic.
 */
export const CharacteristicSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(50)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id is letters, digits, ., _ and -'),
    name: z.string().min(1).max(100),
    /** `variable`: a measured value against nominal and limits; `attribute`: pass or fail with a defect code. */
    kind: z.enum(['variable', 'attribute']),
    unit: z.string().max(20).optional(),
    nominal: z.number().optional(),
    lsl: z.number().optional(),
    usl: z.number().optional(),
    decimals: z.number().int().min(0).max(6).default(2),
    defectCodes: z.array(z.string().min(1).max(50)).default([]),
    /** Values per sample (a subgroup): 1 charts individuals and moving ranges, 2–25 X̄ and R. */
    sampleSize: z.number().int().min(1).max(25).default(1),
    /**
     * When a sample is due: at order start, at the start of an order after a changeover (the line made
     * another product before), every N minutes, every N good units (any that comes first).
     */
    every: z
      .strictObject({ atStart: z.boolean().default(true), afterChangeover: z.boolean().default(false), minutes: z.number().int().min(1).max(1440).optional(), units: z.number().int().min(1).optional() })
      .default({ atStart: true, afterChangeover: false }),
    /** Values read from this tag instead of typed (`{line}` stands for the line's work centre): when due, one reading every 2 s until the sample is full. */
    tag: z.string().min(1).max(200).optional(),
  })
  .refine((c) => c.kind === 'variable' || c.tag === undefined, { message: 'only a measured (variable) characteristic reads its values from a tag', path: ['tag'] })
  .refine((c) => c.lsl === undefined || c.usl === undefined || c.usl > c.lsl, { message: 'usl must be above lsl', path: ['usl'] })
  .refine((c) => c.kind === 'variable' || c.defectCodes.length > 0, { message: 'an attribute characteristic needs defect codes', path: ['defectCodes'] });
export type Characteristic = z.output<typeof CharacteristicSchema>;

export const DueSampleSchema = z.object({
  line: z.string(),
  order: z.string(),
  lot: z.string().optional(),
  characteristic: z.string(),
  name: z.string(),
  kind: z.enum(['variable', 'attribute']),
  unit: z.string().optional(),
  sampleSize: z.number().int(),
  /** Why it is due or when it will be: at start, after minutes (`dueAt`), after good units (`dueAtGood`). */
  reason: z.enum(['start', 'changeover', 'minutes', 'units']).optional(),
  /** Read from this tag by the runtime, not typed by the operator. */
  tag: z.string().optional(),
  dueAt: z.number().optional(),
  dueAtGood: z.number().optional(),
  due: z.boolean(),
  /** Due for longer than the grace (a quarter of the interval, at least 2 minutes): the abnormal case. */
  overdue: z.boolean(),
  lastAt: z.number().optional(),
});
export type DueSample = z.infer<typeof DueSampleSchema>;

export const InspectionResultSchema = z.object({
  id: z.number().int(),
  order: z.string(),
  lot: z.string().optional(),
  line: z.string(),
  product: z.string(),
  characteristic: z.string(),
  at: z.number(),
  user: z.string(),
  values: z.array(z.number()),
  pass: z.boolean().optional(),
  /** Attribute samples: units found nonconforming (or defects found) among the sample's units; 0 when it passed. */
  count: z.number().int().optional(),
  defect: z.string().optional(),
  location: z.string().optional(),
});
export type InspectionResult = z.infer<typeof InspectionResultSchema>;

const LimitsSchema = z.object({ center: z.number(), ucl: z.number(), lcl: z.number() });

export const SPC_CHART_KINDS = ['xbar-r', 'xbar-s', 'i-mr', 'p', 'np', 'c', 'u'] as const;
export const SpcChartKindSchema = z.enum(SPC_CHART_KINDS);
export type SpcChartKind = z.infer<typeof SpcChartKindSchema>;

const CapabilitySchema = z.object({ cp: z.number().optional(), cpk: z.number().optional(), pp: z.number().optional(), ppk: z.number().optional() });

export const SpcChartSchema = z.object({
  product: z.string(),
  characteristic: z.string(),
  name: z.string(),
  unit: z.string().optional(),
  decimals: z.number().int(),
  kind: SpcChartKindSchema,
  /** One point per sample: X̄ (or the value, or the attribute statistic) and its spread (R, S or MR); attribute charts' limits per point. */
  points: z.array(
    z.object({
      at: z.number(),
      order: z.string(),
      lot: z.string().optional(),
      shift: z.string().optional(),
      value: z.number(),
      spread: z.number().nullable(),
      ucl: z.number().optional(),
      lcl: z.number().optional(),
    }),
  ),
  center: LimitsSchema,
  /** The R, S or MR chart's limits; attribute charts have none. */
  spread: LimitsSchema.optional(),
  /** σ within subgroups (variables only). */
  sigma: z.number().optional(),
  /** The samples [from, to) the limits come from. */
  baseline: z.object({ from: z.number().int(), to: z.number().int() }),
  /** Rule violations, on the chart of points (`chart: 'center'`) or of spreads (`'spread'`: points beyond its limits only). */
  violations: z.array(z.object({ rule: z.string(), index: z.number().int(), from: z.number().int(), text: z.string(), chart: z.enum(['center', 'spread']).default('center') })),
  capability: CapabilitySchema,
  /** Mean of every value charted (variables only). */
  mean: z.number().optional(),
  /** Capability per output lot and per shift (σ within from the whole chart, overall σ of the group's values). */
  groups: z.array(z.object({ by: z.enum(['lot', 'shift']), key: z.string(), samples: z.number().int(), mean: z.number(), capability: CapabilitySchema })).default([]),
  spec: z.object({ lsl: z.number().optional(), usl: z.number().optional(), nominal: z.number().optional() }),
});
export type SpcChart = z.infer<typeof SpcChartSchema>;

export const inspectionCalls = {
  /** Samples due or coming per running order and characteristic of its product's plan. */
  'quality.due': { params: z.strictObject({ line: z.string().max(100).optional() }), result: z.array(DueSampleSchema) },
  /** An operator's result for a sample of a running order: stamped with person, time, order and output lot. */
  'quality.record': {
    params: z.strictObject({
      order: z.string().min(1).max(210),
      characteristic: z.string().min(1).max(50),
      values: z.array(z.number()).max(25).default([]),
      pass: z.boolean().optional(),
      /** A failed attribute sample: how many of its units failed (default 1). */
      count: z.number().int().min(1).max(100_000).optional(),
      defect: z.string().max(50).optional(),
      location: z.string().max(100).optional(),
    }),
    result: InspectionResultSchema,
  },
  /** The control chart of a variable characteristic over its last samples (limits from the first `baseline` of them). */
  'quality.chart': {
    params: z.strictObject({
      product: z.string().min(1).max(100),
      characteristic: z.string().min(1).max(50),
      limit: z.number().int().min(2).max(100_000).default(200),
      /** Limits from the first `baseline` samples shown, or from the samples taken in [baselineFrom, baselineTo] (epoch ms). */
      baseline: z.number().int().min(2).max(1000).default(25),
      baselineFrom: z.number().optional(),
      baselineTo: z.number().optional(),
      /** The chart to draw; by default X̄-R (I-MR for one value a sample) for variables, p for attributes. */
      chart: SpcChartKindSchema.optional(),
    }),
    result: SpcChartSchema,
  },
  /** The characteristics of every product's inspection plan, for choosing a chart. */
  'quality.characteristics': {
    params: z.strictObject({}),
    result: z.array(z.object({ product: z.string(), characteristic: z.string(), name: z.string(), kind: z.enum(['variable', 'attribute']), sampleSize: z.number().int(), unit: z.string().optional() })),
  },
} as const;
