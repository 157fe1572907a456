import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import type { ScalarValue, Value } from '../../common/data-value.ts';
import { QUALITY_CODES, severityOfCode, type Quality } from '../../common/quality.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import { decodeArray, encodeArray, isArrayType } from './arrays.ts';
import { SparkplugType, typeName } from './types.ts';

/**
 * Sparkplug B payloads, encoded and decoded by protobufjs from the specification's own
 * `sparkplug_b.proto` (read next to this file, never hand-written wire code).
 */
const root = protobuf.parse(readFileSync(new URL('./sparkplug_b.proto', import.meta.url), 'utf8')).root;
const PayloadType = root.lookupType('org.eclipse.tahu.protobuf.Payload');

const LongBits = protobuf.util.LongBits;

/** A metric as it goes out: the value in Lineside's terms, the datatype one of `SparkplugType`. */
export interface OutgoingMetric {
  name?: string;
  alias?: number;
  timestamp?: number;
  datatype?: number;
  /** `null` is sent as `is_null`. */
  value: Value;
  /** Sent as the metric properties `Quality` (Ignition's 192/64/0) and `QualityCode` (the OPC UA status code). */
  quality?: Quality;
}

export interface OutgoingPayload {
  timestamp: number;
  seq?: number;
  metrics: readonly OutgoingMetric[];
}

/** One value field of a metric as it came: which field of the `value` oneof, and what it held. */
export type RawMetricValue =
  | { field: 'intValue' | 'floatValue' | 'doubleValue'; value: number }
  | { field: 'longValue'; value: protobuf.Long | number }
  | { field: 'booleanValue'; value: boolean }
  | { field: 'stringValue'; value: string }
  | { field: 'bytesValue'; value: Uint8Array }
  | { field: 'other' }
  | undefined;

export interface IncomingMetric {
  name?: string;
  alias?: number;
  timestamp?: number;
  /** Absent in most DATA messages: the birth said it. */
  datatype?: number;
  isNull: boolean;
  /** A value from the past, for the history only (Sparkplug 3.0, 6.4.8). */
  isHistorical?: boolean;
  raw: RawMetricValue;
  /** From the metric's `QualityCode` or `Quality` property, when it has one. */
  quality?: Quality;
}

export interface IncomingPayload {
  timestamp?: number;
  seq?: number;
  uuid?: string;
  metrics: IncomingMetric[];
}

interface DecodedPropertyValue {
  type?: number;
  value?: string;
  intValue?: number;
  longValue?: protobuf.Long | number;
  stringValue?: string;
}

interface DecodedMetric {
  name?: string;
  alias?: protobuf.Long | number;
  timestamp?: protobuf.Long | number;
  datatype?: number;
  isNull?: boolean;
  isHistorical?: boolean;
  value?: string;
  intValue?: number;
  longValue?: protobuf.Long | number;
  floatValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  stringValue?: string;
  bytesValue?: Uint8Array;
  properties?: { keys?: string[]; values?: DecodedPropertyValue[] };
}

interface DecodedPayload {
  timestamp?: protobuf.Long | number;
  seq?: protobuf.Long | number;
  uuid?: string;
  metrics?: DecodedMetric[];
}

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export function longToNumber(v: protobuf.Long | number, signed = false): number {
  if (typeof v === 'number') return v;
  return LongBits.from(v).toNumber(!signed);
}

/** Ignition's quality numbers, which Sparkplug hosts commonly read from a `Quality` property. */
const IGNITION_GOOD = 192;
const IGNITION_UNCERTAIN = 64;
const IGNITION_BAD = 0;

const CODE_TO_QUALITY = new Map<number, Quality>(Object.entries(QUALITY_CODES).map(([q, code]) => [code, q as Quality]));

export function encodePayload(payload: OutgoingPayload): Uint8Array {
  const metrics = payload.metrics.map(encodeMetric);
  const message: Record<string, unknown> = { timestamp: payload.timestamp, metrics };
  if (payload.seq !== undefined) message['seq'] = payload.seq;
  return PayloadType.encode(message).finish();
}

function encodeMetric(m: OutgoingMetric): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (m.name !== undefined) out['name'] = m.name;
  if (m.alias !== undefined) out['alias'] = m.alias;
  if (m.timestamp !== undefined) out['timestamp'] = m.timestamp;
  if (m.datatype !== undefined) out['datatype'] = m.datatype;
  if (m.quality !== undefined) {
    const code = QUALITY_CODES[m.quality];
    const severity = severityOfCode(code);
    const legacy = severity === 'good' ? IGNITION_GOOD : severity === 'uncertain' ? IGNITION_UNCERTAIN : IGNITION_BAD;
    out['properties'] = {
      keys: ['Quality', 'QualityCode'],
      values: [
        { type: SparkplugType.Int32, intValue: legacy },
        { type: SparkplugType.UInt32, intValue: code >>> 0 },
      ],
    };
  }
  if (m.value === null) {
    out['isNull'] = true;
    return out;
  }
  const datatype = m.datatype ?? guessType(m.value);
  Object.assign(out, encodeValue(datatype, m.value));
  return out;
}

function guessType(value: Value): number {
  if (typeof value === 'boolean') return SparkplugType.Boolean;
  if (typeof value === 'string') return SparkplugType.String;
  if (Array.isArray(value)) return SparkplugType.DoubleArray;
  return SparkplugType.Double;
}

/** The `value` oneof for a datatype: signed integers as two's complement, as Sparkplug 3.0 says (6.4.16). */
function encodeValue(datatype: number, value: Exclude<Value, null>): Record<string, unknown> {
  if (isArrayType(datatype)) {
    if (!Array.isArray(value)) throw new Error(`a ${typeName(datatype)} metric needs a list, not ${JSON.stringify(value)}`);
    return { bytesValue: encodeArray(datatype, value) };
  }
  if (Array.isArray(value)) throw new Error(`a ${typeName(datatype)} metric takes one value, not a list`);
  switch (datatype) {
    case SparkplugType.Int8:
    case SparkplugType.Int16:
    case SparkplugType.Int32:
    case SparkplugType.UInt8:
    case SparkplugType.UInt16:
    case SparkplugType.UInt32:
      return { intValue: Number(value) >>> 0 };
    case SparkplugType.Int64:
    case SparkplugType.UInt64:
    case SparkplugType.DateTime:
      // protobufjs writes a negative number as its 64-bit two's complement.
      return { longValue: Math.trunc(Number(value)) };
    case SparkplugType.Float:
      return { floatValue: Number(value) };
    case SparkplugType.Double:
      return { doubleValue: Number(value) };
    case SparkplugType.Boolean:
      return { booleanValue: Boolean(value) };
    case SparkplugType.String:
    case SparkplugType.Text:
    case SparkplugType.UUID:
      return { stringValue: String(value) };
    default:
      throw new Error(`Lineside does not send Sparkplug ${typeName(datatype)} metrics`);
  }
}

/** Decodes a payload; a message that is not a Sparkplug B payload is an error naming why. */
export function decodePayload(bytes: Uint8Array): Result<IncomingPayload> {
  let decoded: DecodedPayload;
  try {
    decoded = PayloadType.decode(bytes) as unknown as DecodedPayload;
  } catch (error) {
    return fail('bad-request', `not a Sparkplug B payload: ${error instanceof Error ? error.message : String(error)}`);
  }
  const payload: IncomingPayload = { metrics: (decoded.metrics ?? []).map(decodeMetric) };
  if (own(decoded, 'timestamp') && decoded.timestamp !== undefined) payload.timestamp = longToNumber(decoded.timestamp);
  if (own(decoded, 'seq') && decoded.seq !== undefined) payload.seq = longToNumber(decoded.seq);
  if (own(decoded, 'uuid') && decoded.uuid !== undefined) payload.uuid = decoded.uuid;
  return ok(payload);
}

function decodeMetric(m: DecodedMetric): IncomingMetric {
  const metric: IncomingMetric = { isNull: own(m, 'isNull') ? Boolean(m.isNull) : false, raw: rawValue(m) };
  if (own(m, 'name')) metric.name = m.name!;
  if (own(m, 'alias')) metric.alias = longToNumber(m.alias!);
  if (own(m, 'timestamp')) metric.timestamp = longToNumber(m.timestamp!);
  if (own(m, 'datatype')) metric.datatype = m.datatype!;
  if (own(m, 'isHistorical') && m.isHistorical) metric.isHistorical = true;
  const quality = qualityOf(m.properties);
  if (quality) metric.quality = quality;
  return metric;
}

function rawValue(m: DecodedMetric): RawMetricValue {
  switch (m.value) {
    case 'intValue':
      return { field: 'intValue', value: m.intValue! };
    case 'longValue':
      return { field: 'longValue', value: m.longValue! };
    case 'floatValue':
      return { field: 'floatValue', value: m.floatValue! };
    case 'doubleValue':
      return { field: 'doubleValue', value: m.doubleValue! };
    case 'booleanValue':
      return { field: 'booleanValue', value: m.booleanValue! };
    case 'stringValue':
      return { field: 'stringValue', value: m.stringValue! };
    case 'bytesValue':
      return { field: 'bytesValue', value: m.bytesValue! };
    case undefined:
      return undefined;
    default:
      return { field: 'other' };
  }
}

function qualityOf(properties: DecodedMetric['properties']): Quality | undefined {
  if (!properties?.keys) return undefined;
  const at = (key: string) => {
    const i = properties.keys!.indexOf(key);
    return i < 0 ? undefined : properties.values?.[i];
  };
  const code = at('QualityCode');
  const codeNumber = code ? propertyNumber(code) : undefined;
  if (codeNumber !== undefined) {
    const exact = CODE_TO_QUALITY.get(codeNumber >>> 0);
    if (exact) return exact;
    const severity = severityOfCode(codeNumber >>> 0);
    return severity === 'good' ? 'Good' : severity === 'uncertain' ? 'Uncertain' : 'Bad';
  }
  const legacy = at('Quality');
  const n = legacy ? propertyNumber(legacy) : undefined;
  if (n === undefined) return undefined;
  if (n === IGNITION_GOOD) return 'Good';
  if (n >= IGNITION_UNCERTAIN && n < IGNITION_GOOD) return 'Uncertain';
  return 'Bad';
}

function propertyNumber(p: DecodedPropertyValue): number | undefined {
  if (p.value === 'intValue') return p.intValue;
  if (p.value === 'longValue' && p.longValue !== undefined) return longToNumber(p.longValue);
  return undefined;
}

/**
 * A metric's value in Lineside's terms, read by the datatype its birth declared. Tahu's JavaScript
 * library sends UInt32 in `long_value` where the specification says `int_value`: either field is read.
 */
export function metricValue(raw: RawMetricValue, datatype: number): Result<ScalarValue | ScalarValue[]> {
  if (raw === undefined) return fail('type-mismatch', 'the metric carries no value');
  if (raw.field === 'other') return fail('type-mismatch', `Lineside does not read Sparkplug ${typeName(datatype)} values`);
  if (isArrayType(datatype)) {
    if (raw.field !== 'bytesValue') return fail('type-mismatch', `a ${typeName(datatype)} metric came without its bytes`);
    return decodeArray(datatype, raw.value);
  }
  const number = (): number | undefined => {
    if (raw.field === 'intValue' || raw.field === 'floatValue' || raw.field === 'doubleValue') return raw.value;
    if (raw.field === 'longValue') return longToNumber(raw.value, datatype === SparkplugType.Int64);
    return undefined;
  };
  switch (datatype) {
    case SparkplugType.Int8:
    case SparkplugType.Int16:
    case SparkplugType.Int32: {
      const n = number();
      if (n === undefined) break;
      const bits = datatype === SparkplugType.Int8 ? 24 : datatype === SparkplugType.Int16 ? 16 : 0;
      return ok(((n | 0) << bits) >> bits);
    }
    case SparkplugType.Int64:
    case SparkplugType.UInt8:
    case SparkplugType.UInt16:
    case SparkplugType.UInt32:
    case SparkplugType.UInt64:
    case SparkplugType.DateTime:
    case SparkplugType.Float:
    case SparkplugType.Double: {
      const n = number();
      if (n === undefined) break;
      return ok(n);
    }
    case SparkplugType.Boolean:
      if (raw.field === 'booleanValue') return ok(raw.value);
      break;
    case SparkplugType.String:
    case SparkplugType.Text:
    case SparkplugType.UUID:
      if (raw.field === 'stringValue') return ok(raw.value);
      break;
    default:
      return fail('type-mismatch', `Lineside does not read Sparkplug ${typeName(datatype)} values`);
  }
  return fail('type-mismatch', `a ${typeName(datatype)} metric came with a ${raw.field.replace('Value', '')} value`);
}
