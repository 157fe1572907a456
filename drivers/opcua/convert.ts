import { DataType, Variant, VariantArrayType, type DataValue as UaDataValue } from 'node-opcua';
import { dataValue, type DataValue, type ScalarValue, type Value } from '../../common/data-value.ts';
import { qualityFromStatusCode } from '../../common/quality.ts';
import { fail, ok, type Result } from '../../common/result.ts';

/** node-opcua's DataValue → ours: the server's status code becomes the quality, the source timestamp is kept. */
export function fromUaDataValue(dv: UaDataValue, now: number): DataValue {
  const quality = qualityFromStatusCode(dv.statusCode.value);
  const sourceTime = dv.sourceTimestamp?.getTime() ?? dv.serverTimestamp?.getTime() ?? now;
  return dataValue(fromVariant(dv.value), quality, sourceTime, now);
}

/** A variant as a plain value: arrays (and matrices, flattened row by row) as lists of plain values. */
export function fromVariant(variant: Variant | null | undefined): Value {
  if (!variant || variant.dataType === DataType.Null) return null;
  if (variant.arrayType !== VariantArrayType.Scalar) {
    const elements = variant.value as ArrayLike<unknown> | null;
    return elements ? Array.from(elements, (element) => scalar(variant.dataType, element)) : [];
  }
  return scalar(variant.dataType, variant.value);
}

function scalar(dataType: DataType, value: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  switch (dataType) {
    case DataType.Boolean:
    case DataType.String:
      return value as boolean | string;
    case DataType.Int64:
    case DataType.UInt64: {
      if (typeof value === 'bigint') return Number(value);
      // node-opcua holds 64-bit integers as [high, low] words.
      const [high, low] = value as [number, number];
      return dataType === DataType.Int64 ? Number((BigInt(high | 0) << 32n) | BigInt(low >>> 0)) : high * 2 ** 32 + (low >>> 0);
    }
    case DataType.DateTime:
      return value instanceof Date ? value.getTime() : null;
    case DataType.LocalizedText:
      return (value as { text?: string | null }).text ?? null;
    case DataType.QualifiedName:
      return (value as { name?: string | null }).name ?? null;
    case DataType.ByteString:
      return (value as Buffer).toString('base64');
    default:
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
      return String(value);
  }
}

const INTEGER_RANGES: Partial<Record<DataType, [number, number]>> = {
  [DataType.SByte]: [-128, 127],
  [DataType.Byte]: [0, 255],
  [DataType.Int16]: [-32768, 32767],
  [DataType.UInt16]: [0, 65535],
  [DataType.Int32]: [-2147483648, 2147483647],
  [DataType.UInt32]: [0, 4294967295],
  [DataType.Int64]: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  [DataType.UInt64]: [0, Number.MAX_SAFE_INTEGER],
};

/** Converts a raw value to a Variant of the variable's own built-in data type, or says why it can't. */
export function toVariant(value: Value, dataType: DataType): Result<Variant> {
  const name = DataType[dataType] ?? String(dataType);
  const mismatch = () => fail('type-mismatch', `${JSON.stringify(value)} can't be written to a ${name} variable`);
  const range = INTEGER_RANGES[dataType];
  if (range) {
    const n = typeof value === 'boolean' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) return mismatch();
    if (n < range[0] || n > range[1]) return fail('out-of-range', `${n} is outside the ${name} range ${range[0]}..${range[1]}`);
    if (dataType === DataType.Int64 || dataType === DataType.UInt64) {
      const big = BigInt.asUintN(64, BigInt(n));
      return ok(new Variant({ dataType, arrayType: VariantArrayType.Scalar, value: [Number(big >> 32n), Number(big & 0xffffffffn)] }));
    }
    return ok(new Variant({ dataType, value: n }));
  }
  switch (dataType) {
    case DataType.Float:
    case DataType.Double:
      return typeof value === 'number' ? ok(new Variant({ dataType, value })) : mismatch();
    case DataType.Boolean:
      if (typeof value === 'boolean') return ok(new Variant({ dataType, value }));
      return value === 0 || value === 1 ? ok(new Variant({ dataType, value: value === 1 })) : mismatch();
    case DataType.String:
      return typeof value === 'string' ? ok(new Variant({ dataType, value })) : mismatch();
    case DataType.LocalizedText:
      return typeof value === 'string' ? ok(new Variant({ dataType, value: { text: value } })) : mismatch();
    case DataType.DateTime:
      return typeof value === 'number' ? ok(new Variant({ dataType, value: new Date(value) })) : mismatch();
    default:
      return fail('type-mismatch', `writing ${name} variables is not supported (numbers, booleans, strings and DateTime are)`);
  }
}
