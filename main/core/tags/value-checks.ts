import type { Value } from '../../../common/data-value.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { INTEGER_RANGES, type TagDefinition } from '../../../common/tag.ts';

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
    return typeof value === 'boolean' ? ok(undefined) : fail('type-mismatch', `${path} takes true or false, not ${JSON.stringify(value)}`);
  }
  if (tag.dataType === 'string') {
    if (typeof value !== 'string') return fail('type-mismatch', `${path} takes text, not ${JSON.stringify(value)}`);
    return value.length <= 4096 ? ok(undefined) : fail('out-of-range', `${path}: text longer than 4096 characters`);
  }
  if (tag.dataType === 'datetime') {
    return typeof value === 'number' && Number.isFinite(value) ? ok(undefined) : fail('type-mismatch', `${path} takes a date as epoch milliseconds, not ${JSON.stringify(value)}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail('type-mismatch', `${path} takes a number, not ${JSON.stringify(value)}`);
  }
  const integer = INTEGER_RANGES[tag.dataType];
  if (integer && !tag.scaling) {
    if (!Number.isInteger(value)) return fail('type-mismatch', `${path} takes a whole number (${tag.dataType}), not ${value}`);
    if (value < integer[0] || value > integer[1]) {
      return fail('out-of-range', `${value} does not fit ${tag.dataType} (${integer[0]} to ${integer[1]})`);
    }
  }
  const limits = tag.writeLimits ?? tag.range;
  const units = tag.units ? ` ${tag.units}` : '';
  if (limits && value < limits.min) return fail('out-of-range', `${value}${units} is below the low limit ${limits.min}${units} of ${path}`);
  if (limits && value > limits.max) return fail('out-of-range', `${value}${units} is above the high limit ${limits.max}${units} of ${path}`);
  return ok(undefined);
}
