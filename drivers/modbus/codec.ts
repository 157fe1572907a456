import { fail, ok, type Result } from '../../common/result.ts';
import type { Value } from '../../common/data-value.ts';

/** One value: a scalar item, or one element of an array item. */
export type ScalarValue = number | boolean | string | null;
import type { Quality } from '../../common/quality.ts';
import { registersOf, type ByteOrder, type ItemType } from './item-types.ts';

/**
 * Registers ↔ values. ABCD is big-endian with the high word first (the Modbus convention); CDAB swaps
 * the words (low word first), BADC swaps the bytes in each word, DCBA does both. For 64-bit values
 * "words swapped" means all four words in reverse order. 16-bit values and strings only see the byte swap.
 * BCD holds one decimal digit per nibble: bcd16 0..9999 in one register, bcd32 0..99999999 in two.
 */
const INT_RANGES: Partial<Record<ItemType, readonly [number, number]>> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  bcd16: [0, 9999],
  bcd32: [0, 99_999_999],
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

/** BCD nibbles → number, or undefined when a nibble is not a decimal digit (the register is not BCD). */
function fromBcd(bytes: Buffer): number | undefined {
  let value = 0;
  for (const byte of bytes) {
    const high = byte >> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) return undefined;
    value = value * 100 + high * 10 + low;
  }
  return value;
}

function toBcd(value: number, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  let rest = value;
  for (let i = bytes - 1; i >= 0; i--) {
    const low = rest % 10;
    rest = Math.floor(rest / 10);
    const high = rest % 10;
    rest = Math.floor(rest / 10);
    buffer[i] = (high << 4) | low;
  }
  return buffer;
}

/** One decoded value with the quality it deserves: a 64-bit integer past ±2^53 is rounded (Uncertain); a register that is not BCD is BadTypeMismatch. */
export interface Decoded {
  value: ScalarValue;
  quality: Quality;
}

export function decodeValue(registers: readonly number[], type: ItemType, order: ByteOrder, bit?: number, length = 0): Decoded {
  if (bit !== undefined) return { value: (((registers[0] ?? 0) >> bit) & 1) === 1, quality: 'Good' };
  const b = toBigEndian(registers, type, order);
  switch (type) {
    case 'bool':
      return { value: (registers[0] ?? 0) !== 0, quality: 'Good' };
    case 'int16':
      return { value: b.readInt16BE(0), quality: 'Good' };
    case 'uint16':
      return { value: b.readUInt16BE(0), quality: 'Good' };
    case 'int32':
      return { value: b.readInt32BE(0), quality: 'Good' };
    case 'uint32':
      return { value: b.readUInt32BE(0), quality: 'Good' };
    case 'int64':
    case 'uint64': {
      const big = type === 'int64' ? b.readBigInt64BE(0) : b.readBigUInt64BE(0);
      const value = Number(big);
      return { value, quality: Number.isSafeInteger(value) && BigInt(value) === big ? 'Good' : 'Uncertain' };
    }
    case 'float32':
      return { value: b.readFloatBE(0), quality: 'Good' };
    case 'float64':
      return { value: b.readDoubleBE(0), quality: 'Good' };
    case 'bcd16':
    case 'bcd32': {
      const value = fromBcd(b);
      return value === undefined ? { value: null, quality: 'BadTypeMismatch' } : { value, quality: 'Good' };
    }
    case 'string': {
      const text = b.subarray(0, length).toString('latin1');
      const end = text.indexOf('\0');
      return { value: end < 0 ? text : text.slice(0, end), quality: 'Good' };
    }
  }
}

/** The value of registers as `type` (see `decodeValue` for the quality of unusual values). */
export function decodeRegisters(registers: readonly number[], type: ItemType, order: ByteOrder, bit?: number, length = 0): ScalarValue {
  return decodeValue(registers, type, order, bit, length).value;
}

/** The registers to write for a value, or why it can't be written as this type. */
export function encodeRegisters(value: Value, type: ItemType, order: ByteOrder, length = 0): Result<number[]> {
  if (type === 'string') {
    if (typeof value !== 'string') return fail('type-mismatch', `a string register block takes text, not ${JSON.stringify(value)}`);
    if (value.length > length) return fail('out-of-range', `'${value}' is ${value.length} characters; this string holds at most ${length}`);
    const buffer = Buffer.alloc(registersOf(type, length) * 2);
    buffer.write(value, 'latin1');
    return ok(fromBigEndian(buffer, type, order));
  }
  const number = typeof value === 'boolean' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return fail('type-mismatch', `${type} takes a finite number, not ${JSON.stringify(value)}`);
  const range = INT_RANGES[type];
  if (range) {
    if (!Number.isInteger(number)) return fail('type-mismatch', `${type} takes an integer, not ${number}`);
    if (number < range[0] || number > range[1]) {
      const exact = type === 'int64' || type === 'uint64' ? ' (integers past ±2^53 cannot be written exactly)' : '';
      return fail('out-of-range', `${number} is outside the ${type} range ${range[0]}..${range[1]}${exact}`);
    }
  }
  const buffer = Buffer.alloc(registersOf(type) * 2);
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
    case 'int64':
      buffer.writeBigInt64BE(BigInt(number));
      break;
    case 'uint64':
      buffer.writeBigUInt64BE(BigInt(number));
      break;
    case 'float32':
      buffer.writeFloatBE(number);
      break;
    case 'float64':
      buffer.writeDoubleBE(number);
      break;
    case 'bcd16':
    case 'bcd32':
      toBcd(number, buffer.length).copy(buffer);
      break;
  }
  return ok(fromBigEndian(buffer, type, order));
}
