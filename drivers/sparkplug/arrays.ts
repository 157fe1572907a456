import type { ScalarValue } from '../../common/data-value.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import { ARRAY_ELEMENT, SparkplugType, typeName } from './types.ts';

/**
 * Sparkplug 3.0 array metrics (6.4.17): `bytes_value` holding the elements little-endian; a
 * BooleanArray is a 4-byte count then the bits, first element in the top bit; a StringArray is
 * UTF-8 strings each ended by a zero byte.
 */

const WIDTH: Record<number, number> = {
  [SparkplugType.Int8]: 1,
  [SparkplugType.UInt8]: 1,
  [SparkplugType.Int16]: 2,
  [SparkplugType.UInt16]: 2,
  [SparkplugType.Int32]: 4,
  [SparkplugType.UInt32]: 4,
  [SparkplugType.Float]: 4,
  [SparkplugType.Int64]: 8,
  [SparkplugType.UInt64]: 8,
  [SparkplugType.Double]: 8,
  [SparkplugType.DateTime]: 8,
};

export function isArrayType(datatype: number): boolean {
  return ARRAY_ELEMENT[datatype] !== undefined;
}

export function encodeArray(datatype: number, values: readonly ScalarValue[]): Uint8Array {
  const element = ARRAY_ELEMENT[datatype]!;
  if (element === SparkplugType.Boolean) {
    const bytes = new Uint8Array(4 + Math.ceil(values.length / 8));
    new DataView(bytes.buffer).setUint32(0, values.length, true);
    values.forEach((v, i) => {
      if (v) bytes[4 + (i >> 3)]! |= 0x80 >> (i & 7);
    });
    return bytes;
  }
  if (element === SparkplugType.String) {
    const encoder = new TextEncoder();
    const parts = values.map((v) => encoder.encode(String(v ?? '')));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length + 1;
    }
    return bytes;
  }
  const width = WIDTH[element]!;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    const n = Number(v ?? 0);
    const at = i * width;
    switch (element) {
      case SparkplugType.Int8:
        return view.setInt8(at, n);
      case SparkplugType.UInt8:
        return view.setUint8(at, n);
      case SparkplugType.Int16:
        return view.setInt16(at, n, true);
      case SparkplugType.UInt16:
        return view.setUint16(at, n, true);
      case SparkplugType.Int32:
        return view.setInt32(at, n, true);
      case SparkplugType.UInt32:
        return view.setUint32(at, n, true);
      case SparkplugType.Float:
        return view.setFloat32(at, n, true);
      case SparkplugType.Double:
        return view.setFloat64(at, n, true);
      case SparkplugType.Int64:
        return view.setBigInt64(at, BigInt(Math.trunc(n)), true);
      default:
        return view.setBigUint64(at, BigInt(Math.trunc(n)), true);
    }
  });
  return bytes;
}

export function decodeArray(datatype: number, bytes: Uint8Array): Result<ScalarValue[]> {
  const element = ARRAY_ELEMENT[datatype]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (element === SparkplugType.Boolean) {
    if (bytes.length < 4) return fail('type-mismatch', 'a BooleanArray shorter than its 4-byte count');
    const count = view.getUint32(0, true);
    if (bytes.length < 4 + Math.ceil(count / 8)) return fail('type-mismatch', `a BooleanArray of ${count} values in ${bytes.length - 4} bytes`);
    return ok(Array.from({ length: count }, (_, i) => (bytes[4 + (i >> 3)]! & (0x80 >> (i & 7))) !== 0));
  }
  if (element === SparkplugType.String) {
    const decoder = new TextDecoder();
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0) continue;
      out.push(decoder.decode(bytes.subarray(start, i)));
      start = i + 1;
    }
    if (start !== bytes.length) return fail('type-mismatch', 'a StringArray whose last string has no terminating zero byte');
    return ok(out);
  }
  const width = WIDTH[element]!;
  if (bytes.length % width !== 0) return fail('type-mismatch', `a ${typeName(datatype)} of ${bytes.length} bytes, not a multiple of ${width}`);
  const out: number[] = [];
  for (let at = 0; at < bytes.length; at += width) {
    switch (element) {
      case SparkplugType.Int8:
        out.push(view.getInt8(at));
        break;
      case SparkplugType.UInt8:
        out.push(view.getUint8(at));
        break;
      case SparkplugType.Int16:
        out.push(view.getInt16(at, true));
        break;
      case SparkplugType.UInt16:
        out.push(view.getUint16(at, true));
        break;
      case SparkplugType.Int32:
        out.push(view.getInt32(at, true));
        break;
      case SparkplugType.UInt32:
        out.push(view.getUint32(at, true));
        break;
      case SparkplugType.Float:
        out.push(view.getFloat32(at, true));
        break;
      case SparkplugType.Double:
        out.push(view.getFloat64(at, true));
        break;
      case SparkplugType.Int64:
        out.push(Number(view.getBigInt64(at, true)));
        break;
      default:
        out.push(Number(view.getBigUint64(at, true)));
    }
  }
  return ok(out);
}
