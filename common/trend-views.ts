import { z } from 'zod';
import { TagRefSchema } from './tag.ts';

/**
 * Saved trend views: pens and time range under a name, stored in the runtime so every client sees
 * the same ones ("shared by name"). Saving under an existing name replaces that view.
 */
export const MAX_TREND_VIEWS = 500;

export const TrendViewInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** Tags, or elements of array tags (`Path[3]`). */
  pens: z.array(TagRefSchema).min(1).max(8),
  /** Live views follow now with `span`; fixed ones start at `from`. */
  live: z.boolean(),
  span: z
    .number()
    .int()
    .min(1000)
    .max(400 * 86_400_000),
  from: z.number().int().min(0).optional(),
});
export type TrendViewInput = z.input<typeof TrendViewInputSchema>;

export const TrendViewSchema = TrendViewInputSchema.extend({
  savedAt: z.number(),
  savedBy: z.string(),
});
export type TrendView = z.infer<typeof TrendViewSchema>;

export const trendViewCalls = {
  'trends.views.list': { params: z.strictObject({}), result: z.array(TrendViewSchema) },
  'trends.views.save': { params: TrendViewInputSchema, result: TrendViewSchema },
  'trends.views.delete': { params: z.strictObject({ name: z.string().min(1).max(80) }), result: z.object({ name: z.string() }) },
} as const;
