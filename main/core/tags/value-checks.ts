import type { Value } from '../../../common/data-value.ts';
import { ok, type Result } from '../../../common/result.ts';
import { INTEGER_RANGES, type TagDefinition } from '../../../common/tag.ts';
import { failWith } from '../../../common/reasons.ts';

/**
 * Coerces a raw driver value to the tag's type. `undefined` means the device sent something this tag
 * cannot hold (text for a number, NaN, infinity): the value is then shown bad, never guessed.
 */
export function coerceRaw(raw: Value, tag: TagDefinition): Value | undefined {
  if (raw === null) return null;
  // A list where one value belongs (array tags take theirs apart in array-tags.ts).
  if (Array.isArray(raw)) return undefined;
  switch (tag.dataType) {
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'number') return raw !== 0;
      return undefined;
    case 'string':
      return typeof raw === 'string' ? raw : String(raw);
    case 'datetime':
      // Epoch ms; a device's text date is not guessed at.
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    default:
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
      if (typeof raw === 'boolean') return raw ? 1 : 0;
      return undefined;
  }
}

/** Checks a value an operator wants to write, in engineering units, against type and limits. */
export function checkWriteValue(value: number | boolean | string, tag: TagDefinition): Result<void> {
  const path = tag.path;
  if (tag.dataType === 'bool') {
    return typeof value === 'boolean' ? ok(undefined) : failWith('type-mismatch', 'write.takesBoolean', { path, value: JSON.stringify(value) });
  }
  if (tag.dataType === 'string') {
    if (typeof value !== 'string') return failWith('type-mismatch', 'write.takesText', { path, value: JSON.stringify(value) });
    return value.length <= 4096 ? ok(undefined) : failWith('out-of-range', 'write.textTooLong', { path });
  }
  if (tag.dataType === 'datetime') {
    return typeof value === 'number' && Number.isFinite(value) ? ok(undefined) : failWith('type-mismatch', 'write.takesDate', { path, value: JSON.stringify(value) });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return failWith('type-mismatch', 'write.takesNumber', { path, value: JSON.stringify(value) });
  }
  const integer = INTEGER_RANGES[tag.dataType];
  if (integer && !tag.scaling) {
    if (!Number.isInteger(value)) return failWith('type-mismatch', 'write.takesWholeNumber', { path, dataType: tag.dataType, value });
    if (value < integer[0] || value > integer[1]) {
      return failWith('out-of-range', 'write.doesNotFit', { value, dataType: tag.dataType, min: integer[0], max: integer[1] });
    }
  }
  const limits = tag.writeLimits ?? tag.range;
  const units = tag.units ? ` ${tag.units}` : '';
  if (limits && value < limits.min) return failWith('out-of-range', 'write.belowLow', { value, units, min: limits.min, path });
  if (limits && value > limits.max) return failWith('out-of-range', 'write.aboveHigh', { value, units, max: limits.max, path });
  return ok(undefined);
}
