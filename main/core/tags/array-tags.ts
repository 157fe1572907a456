import type { DataValue, ScalarValue, Value } from '../../../common/data-value.ts';
import type { Quality } from '../../../common/quality.ts';
import { elementPath, INTEGER_RANGES, isNumericType, type TagDefinition } from '../../../common/tag.ts';
import { toEngineering } from './scaling.ts';
import { coerceRaw } from './value-checks.ts';

/**
 * The tags of an array tag's elements (`Path[0]`...): the array's settings (type, scaling, units,
 * range, history...) for one value each. They have no address of their own: the engine derives them
 * from the array's value.
 */
export function elementDefs(def: TagDefinition): TagDefinition[] {
  const { arrayLength, ...scalar } = def;
  return Array.from({ length: arrayLength ?? 0 }, (_, i) => ({ ...scalar, path: elementPath(def.path, i) }));
}

/** One value from the device in engineering units: coerced to the tag's type, scaled, integers rounded. */
export function engineeringValue(raw: ScalarValue, def: TagDefinition): ScalarValue | undefined {
  const coerced = coerceRaw(raw, def);
  if (coerced === undefined || Array.isArray(coerced)) return undefined;
  if (typeof coerced !== 'number' || !isNumericType(def.dataType)) return coerced;
  let value = def.scaling ? toEngineering(coerced, def.scaling) : coerced;
  if (INTEGER_RANGES[def.dataType]) value = Math.round(value);
  return value;
}

/** An array from the device in engineering units (its first `arrayLength` elements), or undefined when it is not an array. */
export function engineeringArray(raw: Value, def: TagDefinition): ScalarValue[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.slice(0, def.arrayLength).map((element) => engineeringValue(element, def) ?? null);
}

/** What element `index` of an array shows, given the array's value and quality. */
export function elementValue(array: DataValue, index: number, def: TagDefinition, raw: Value): { value: ScalarValue; quality: Quality } {
  const values = Array.isArray(array.value) ? array.value : undefined;
  if (!values) return { value: null, quality: array.quality };
  if (index >= values.length) return { value: null, quality: array.quality === 'Good' ? 'BadIndexRangeNoData' : array.quality };
  const value = values[index] ?? null;
  // The device sent something this element's type cannot hold.
  const sent = Array.isArray(raw) ? raw[index] : undefined;
  if (value === null && sent !== null && sent !== undefined) return { value: null, quality: 'BadTypeMismatch' };
  const range = def.range;
  if (range && array.quality === 'Good' && typeof value === 'number' && (value < range.min || value > range.max)) {
    return { value, quality: 'UncertainEngineeringUnitsExceeded' };
  }
  return { value, quality: array.quality };
}
