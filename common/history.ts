import { z } from 'zod';
import { StoreFailureSchema } from './stores.ts';
import { QualitySchema } from './quality.ts';
import { DataTypeSchema, TagRefSchema } from './tag.ts';

/**
 * History queries and their results. Results are columnar frames (Grafana-style): one time column and
 * value columns of equal length, with the tag's units and limits, so a trend feeds ECharts directly.
 * A `null` quality marks a gap (no data: historian not recording, device silent); a bad quality marks
 * a bad value. Neither may be drawn as a real value.
 */

/** Raw points only up to this many per tag; longer ranges need a plot or aggregate query. */
export const MAX_RAW_POINTS = 100_000;
export const MAX_BUCKETS = 10_000;

const Time = z.number().int().min(0).max(8.64e15);
const Tags = z.array(TagRefSchema).min(1).max(20);

const Range = { tags: Tags, from: Time, to: Time };
const fromBeforeTo = (q: { from: number; to: number }) => q.from < q.to;
const fromBeforeToIssue = { message: 'from must be before to', path: ['from'] };

export const HistoryQuerySchema = z
  .discriminatedUnion('kind', [
    /** Stored points as they are, with explicit gap rows. */
    z.strictObject({ kind: z.literal('raw'), ...Range, limit: z.number().int().min(1).max(MAX_RAW_POINTS).default(MAX_RAW_POINTS) }),
    /** Values at every `intervalMs` from `from`: linear between stored points (step for discrete tags). */
    z.strictObject({ kind: z.literal('interpolated'), ...Range, intervalMs: z.number().int().min(1) }),
    /** min, max, first, last, count and time-weighted average per bucket of `intervalMs`. */
    z.strictObject({ kind: z.literal('aggregate'), ...Range, intervalMs: z.number().int().min(1000) }),
    /** first/min/max/last per bucket of two pixel columns, from raw data or rollups by range. */
    z.strictObject({
      kind: z.literal('plot'),
      ...Range,
      pixels: z
        .number()
        .int()
        .min(2)
        .max(2 * MAX_BUCKETS),
    }),
  ])
  .refine(fromBeforeTo, fromBeforeToIssue);
export type HistoryQuery = z.input<typeof HistoryQuerySchema>;
export type ParsedHistoryQuery = z.output<typeof HistoryQuerySchema>;
export type HistoryQueryKind = ParsedHistoryQuery['kind'];

const Cell = z.union([z.number(), z.boolean(), z.string(), z.null()]);
const NumberCell = z.number().nullable();

/** One tag's result. Every array in `fields` has `time.length` entries. */
export const HistoryFrameSchema = z.object({
  tag: TagRefSchema,
  kind: z.enum(['raw', 'interpolated', 'aggregate', 'plot']),
  dataType: DataTypeSchema,
  units: z.string(),
  decimals: z.number(),
  range: z.object({ min: z.number(), max: z.number() }).optional(),
  states: z.record(z.string(), z.string()).optional(),
  /** Bucket width for aggregate and plot frames (ms). */
  bucketMs: z.number().optional(),
  /** Where an aggregate or plot frame was computed from. */
  source: z.enum(['raw', 'minute', 'hour']),
  fields: z.object({
    /** Epoch ms: the point's time (raw, interpolated) or the bucket's start (aggregate, plot). */
    time: z.array(z.number()),
    /** raw and interpolated frames. */
    value: z.array(Cell).optional(),
    first: z.array(NumberCell).optional(),
    last: z.array(NumberCell).optional(),
    min: z.array(NumberCell).optional(),
    max: z.array(NumberCell).optional(),
    /** Time-weighted average over the good part of the bucket (aggregate frames). */
    avg: z.array(NumberCell).optional(),
    count: z.array(z.number()).optional(),
    /** The point's quality, or the worst in the bucket; null = gap (no data). */
    quality: z.array(QualitySchema.nullable()),
  }),
});
export type HistoryFrame = z.infer<typeof HistoryFrameSchema>;

export const HistoryResultSchema = z.object({ frames: z.array(HistoryFrameSchema) });
export type HistoryResult = z.infer<typeof HistoryResultSchema>;

export const HISTORIAN_STATES = ['starting', 'ok', 'retrying', 'stopped'] as const;
export const HistorianStatusSchema = z.object({
  state: z.enum(HISTORIAN_STATES),
  /** The last storage error while retrying (disk full, database locked...). */
  error: z.string().optional(),
  /** Why, as a store failure (disk-full, read-only...), while retrying. */
  failure: StoreFailureSchema.optional(),
  /** Samples waiting to be written (bounded; the oldest are dropped past the bound). */
  pendingSamples: z.number(),
  droppedSamples: z.number(),
  storedSamples: z.number(),
  receivedSamples: z.number(),
  lastWriteAt: z.number().optional(),
});
export type HistorianStatus = z.infer<typeof HistorianStatusSchema>;

export const PartitionInfoSchema = z.object({ name: z.string(), kind: z.enum(['raw', 'minute', 'hour']), from: z.number(), to: z.number(), rows: z.number() });
export const SizeReportSchema = z.object({
  /** Database file plus write-ahead log, in bytes. */
  totalBytes: z.number(),
  freeBytes: z.number(),
  retentionDays: z.number(),
  partitions: z.array(PartitionInfoSchema),
  tags: z.array(z.object({ tag: z.string(), rows: z.number() })),
});
export type SizeReport = z.infer<typeof SizeReportSchema>;

export const historyCalls = {
  'history.query': { params: HistoryQuerySchema, result: HistoryResultSchema },
  'history.status': { params: z.strictObject({}), result: HistorianStatusSchema },
  'history.sizeReport': { params: z.strictObject({}), result: SizeReportSchema },
} as const;
