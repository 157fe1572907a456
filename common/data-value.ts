import { z } from 'zod';
import { QualitySchema, type Quality } from './quality.ts';

/** One value of a scalar tag, or one element of an array tag. */
export const ScalarValueSchema = z.union([z.number(), z.boolean(), z.string(), z.null()]);
export type ScalarValue = z.infer<typeof ScalarValueSchema>;

/** A tag value as it crosses every layer (never a bare number): a scalar, or the list of an array tag. */
export const ValueSchema = z.union([z.number(), z.boolean(), z.string(), z.null(), z.array(ScalarValueSchema)]);
export type Value = z.infer<typeof ValueSchema>;

export const DataValueSchema = z.object({
  value: ValueSchema,
  quality: QualitySchema,
  /** When the device says the value was measured (epoch ms). */
  sourceTime: z.number(),
  /** When Lineside received it (epoch ms). */
  serverTime: z.number(),
});
export type DataValue = z.infer<typeof DataValueSchema>;

/** Same value: arrays compare element by element (`Object.is`, so NaN is NaN). */
export function sameValue(a: Value, b: Value): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((v, i) => Object.is(v, b[i]));
}

export function dataValue(value: Value, quality: Quality, sourceTime: number, serverTime = sourceTime): DataValue {
  return { value, quality, sourceTime, serverTime };
}
