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
    /** When a sample is due: at order start, every N minutes, every N good units (any that comes first). */
    every: z.strictObject({ atStart: z.boolean().default(true), minutes: z.number().int().min(1).max(1440).optional(), units: z.number().int().min(1).optional() }).default({ atStart: true }),
  })
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
  reason: z.enum(['start', 'minutes', 'units']).optional(),
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
  defect: z.string().optional(),
  location: z.string().optional(),
});
export type InspectionResult = z.infer<typeof InspectionResultSchema>;

const LimitsSchema = z.object({ center: z.number(), ucl: z.number(), lcl: z.number() });

export const SpcChartSchema = z.object({
  product: z.string(),
  characteristic: z.string(),
  kind: z.enum(['xbar-r', 'i-mr']),
  points: z.array(z.object({ at: z.number(), order: z.string(), lot: z.string().optional(), value: z.number(), spread: z.number().nullable() })),
  center: LimitsSchema,
  spread: LimitsSchema,
  sigma: z.number(),
  baseline: z.object({ from: z.number().int(), to: z.number().int() }),
  violations: z.array(z.object({ rule: z.string(), index: z.number().int(), from: z.number().int(), text: z.string() })),
  capability: z.object({ cp: z.number().optional(), cpk: z.number().optional(), pp: z.number().optional(), ppk: z.number().optional() }),
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
      defect: z.string().max(50).optional(),
      location: z.string().max(100).optional(),
    }),
    result: InspectionResultSchema,
  },
  /** The control chart of a variable characteristic over its last samples (limits from the first `baseline` of them). */
  'quality.chart': {
    params: z.strictObject({ product: z.string().min(1).max(100), characteristic: z.string().min(1).max(50), limit: z.number().int().min(2).max(100_000).default(200), baseline: z.number().int().min(2).max(1000).default(25) }),
    result: SpcChartSchema,
  },
} as const;
