import { fail, ok, type Result } from '../../common/result.ts';
import type { Value } from '../../common/data-value.ts';
import type { ByteOrder } from './config.ts';
import type { ItemType } from './address.ts';

/**
 * Registers ↔ values. ABCD is big-endian with the high word first (the Modbus convention); CDAB swaps
 * the words (low word first), BADC swaps the bytes in each word, DCBA does both. For 64-bit values
 * "words swapped" means all four words in reverse order. 16-bit values and strings only see the byte swap.
 */
const INT_RANGES: Partial<Record<ItemType, readonly [number, number]>> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

function swapsBytes(order: ByteOrder): boolean {
  return order === 'BADC' || order === 'DCBA';
}
function swapsWords(order: ByteOrder): boolean {
  return order === 'CDAB' || order === 'DCBA';
}

/** The value's bytes in big-endian order, from registers as they came off the wire. */
function toBigEndian(registers: readonly number[], type: ItemType, order: ByteOrder): Buffer {
  const words = type === 'string' || registers.length === 1 || !swapsWords(order) ? [...registers] : [...registers].reverse();
  const buffer = Buffer.alloc(words.length * 2);
  for (const [i, word] of words.entries()) {
    if (swapsBytes(order)) buffer.writeUInt16LE(word & 0xffff, i * 2);
    else buffer.writeUInt16BE(word & 0xffff, i * 2);
  }
  return buffer;
}

function fromBigEndian(buffer: Buffer, type: ItemType, order: ByteOrder): number[] {
  const words: number[] = [];
  for (let i = 0; i < buffer.length; i += 2) words.push(swapsBytes(order) ? buffer.readUInt16LE(i) : buffer.readUInt16BE(i));
  return type === 'string' || words.length === 1 || !swapsWords(order) ? words : words.reverse();
}

export function decodeRegisters(registers: readonly number[], type: ItemType, order: ByteOrder, bit?: number, length = 0): Value {
  if (bit !== undefined) return (((registers[0] ?? 0) >> bit) & 1) === 1;
  const b = toBigEndian(registers, type, order);
  switch (type) {
    case 'bool':
      return (registers[0] ?? 0) !== 0;
    case 'int16':
      return b.readInt16BE(0);
    case 'uint16':
      return b.readUInt16BE(0);
    case 'int32':
      return b.readInt32BE(0);
    case 'uint32':
      return b.readUInt32BE(0);
    case 'float32':
      return b.readFloatBE(0);
    case 'float64':
      return b.readDoubleBE(0);
    case 'string': {
      const text = b.subarray(0, length).toString('latin1');
      const end = text.indexOf('\0');
      return end < 0 ? text : text.slice(0, end);
    }
  }
}

/** The registers to write for a value, or why it can't be written as this type. */
export function encodeRegisters(value: Value, type: ItemType, order: ByteOrder, length = 0): Result<number[]> {
  if (type === 'string') {
    if (typeof value !== 'string') return fail('type-mismatch', `a string register block takes text, not ${JSON.stringify(value)}`);
    if (value.length > length) return fail('out-of-range', `'${value}' is ${value.length} characters; this string holds at most ${length}`);
    const buffer = Buffer.alloc(Math.ceil(length / 2) * 2);
    buffer.write(value, 'latin1');
    return ok(fromBigEndian(buffer, type, order));
  }
  const number = typeof value === 'boolean' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return fail('type-mismatch', `${type} takes a finite number, not ${JSON.stringify(value)}`);
  const range = INT_RANGES[type];
  if (range) {
    if (!Number.isInteger(number)) return fail('type-mismatch', `${type} takes an integer, not ${number}`);
    if (number < range[0] || number > range[1]) return fail('out-of-range', `${number} is outside the ${type} range ${range[0]}..${range[1]}`);
  }
  const buffer = Buffer.alloc(type === 'float64' ? 8 : type === 'int32' || type === 'uint32' || type === 'float32' ? 4 : 2);
  switch (type) {
    case 'bool':
      buffer.writeUInt16BE(number === 0 ? 0 : 1);
      break;
    case 'int16':
      buffer.writeInt16BE(number);
      break;
    case 'uint16':
      buffer.writeUInt16BE(number);
      break;
    case 'int32':
      buffer.writeInt32BE(number);
      break;
    case 'uint32':
      buffer.writeUInt32BE(number);
      break;
    case 'float32':
      buffer.writeFloatBE(number);
      break;
    case 'float64':
      buffer.writeDoubleBE(number);
      break;
  }
  return ok(fromBigEndian(buffer, type, order));
}
