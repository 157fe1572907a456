import type { Value } from '../../common/data-value.ts';
import { severityOf, type Quality } from '../../common/quality.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { ModbusItem } from './address.ts';
import { decodeValue, encodeRegisters, type ScalarValue } from './codec.ts';
import { isBitTable, registersOf } from './item-types.ts';

/**
 * A single value, or the list of an array item (`[n]`). A list reaches the tag engine as the value of an
 * array tag (issue 14 item 6 adds lists to common's `Value`); the driver itself reads and writes them.
 */
export type ItemValue = Value | ScalarValue[];

const RANK = { good: 0, uncertain: 1, bad: 2 } as const;

/** Coils or registers of one item (as many as `item.count`) → its value and quality. */
export function decodeItem(item: ModbusItem, data: readonly (boolean | number)[]): { value: ItemValue; quality: Quality } {
  if (isBitTable(item.table)) {
    const bits = data.map((d) => d === true);
    return { value: item.arrayLength === undefined ? (bits[0] ?? false) : bits, quality: 'Good' };
  }
  const registers = data as readonly number[];
  if (item.arrayLength === undefined) return decodeValue(registers, item.type, item.order, item.bit, item.length);
  const size = registersOf(item.type, item.length);
  const values: ScalarValue[] = [];
  let quality: Quality = 'Good';
  for (let i = 0; i < item.arrayLength; i++) {
    const one = decodeValue(registers.slice(i * size, (i + 1) * size), item.type, item.order, undefined, item.length);
    values.push(one.value);
    if (RANK[severityOf(one.quality)] > RANK[severityOf(quality)]) quality = one.quality;
  }
  return { value: values, quality };
}

/** What a write sends: coil states or register words. */
export type Encoded = { kind: 'coils'; states: boolean[] } | { kind: 'registers'; words: number[] };

function coilState(value: unknown, what: string): Result<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (value === 0 || value === 1) return ok(value === 1);
  return fail('type-mismatch', `${what} takes true/false (or 1/0), not ${JSON.stringify(value)}`);
}

/** A value → what to send for the whole item, or why it cannot be written as the item's type. */
export function encodeItem(item: ModbusItem, value: ItemValue): Result<Encoded> {
  const values: unknown[] = item.arrayLength === undefined ? [value] : Array.isArray(value) ? value : [];
  if (item.arrayLength !== undefined && (!Array.isArray(value) || value.length !== item.arrayLength)) {
    return fail('type-mismatch', `this array takes ${item.arrayLength} values, not ${Array.isArray(value) ? value.length : JSON.stringify(value)}`);
  }
  if (item.arrayLength === undefined && Array.isArray(value)) return fail('type-mismatch', `a single ${item.type} takes one value, not a list`);
  if (isBitTable(item.table)) {
    const states: boolean[] = [];
    for (const [i, one] of values.entries()) {
      const state = coilState(one, item.arrayLength === undefined ? 'a coil' : `element ${i} (a coil)`);
      if (!state.ok) return state;
      states.push(state.value);
    }
    return ok({ kind: 'coils', states });
  }
  const words: number[] = [];
  for (const [i, one] of values.entries()) {
    const encoded = encodeRegisters(one as ScalarValue, item.type, item.order, item.length);
    if (!encoded.ok) {
      return item.arrayLength === undefined ? encoded : fail(encoded.error.code, `element ${i}: ${encoded.error.message}`);
    }
    words.push(...encoded.value);
  }
  return ok({ kind: 'registers', words });
}
