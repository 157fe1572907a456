import { describe, expect, it } from 'vitest';
import * as tahu from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { decodePayload, encodePayload, metricValue, type IncomingMetric } from '../../drivers/sparkplug/payload.ts';
import { SparkplugType } from '../../drivers/sparkplug/types.ts';
import { decodeArray, encodeArray } from '../../drivers/sparkplug/arrays.ts';

// Eclipse Tahu's JavaScript payload library (sparkplug-payload) is the independent implementation:
// what it encodes we decode, and what we encode it decodes.

function decoded(bytes: Uint8Array): IncomingMetric[] {
  const result = decodePayload(bytes);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.metrics;
}

function valueOf(metric: IncomingMetric, datatype = metric.datatype!): unknown {
  const v = metricValue(metric.raw, datatype);
  if (!v.ok) throw new Error(v.error.message);
  return v.value;
}

describe('Sparkplug B payloads against Eclipse Tahu', () => {
  it('reads every scalar type Tahu writes, with timestamps, seq and aliases', () => {
    const bytes = tahu.encodePayload({
      timestamp: 1_700_000_000_123,
      seq: 7,
      metrics: [
        { name: 'i8', alias: 1, type: 'Int8', value: -5 },
        { name: 'i16', alias: 2, type: 'Int16', value: -300 },
        { name: 'i32', alias: 3, type: 'Int32', value: -70_000 },
        { name: 'u16', alias: 4, type: 'UInt16', value: 65_000 },
        { name: 'u32', alias: 5, type: 'UInt32', value: 4_000_000_000 },
        { name: 'i64', alias: 6, type: 'Int64', value: -9_000_000_000 },
        { name: 'f', alias: 7, type: 'Float', value: 1.5 },
        { name: 'd', alias: 8, type: 'Double', value: 3.141592653589793 },
        { name: 'b', alias: 9, type: 'Boolean', value: true },
        { name: 's', alias: 10, type: 'String', value: 'Linie 1 läuft' },
        { name: 'dt', alias: 11, type: 'DateTime', value: 1_700_000_000_000, timestamp: 1_700_000_000_100 },
      ],
    });
    const result = decodePayload(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.timestamp).toBe(1_700_000_000_123);
    expect(result.value.seq).toBe(7);
    const byName: Record<string, IncomingMetric> = Object.fromEntries(result.value.metrics.map((m) => [m.name, m]));
    expect(Object.fromEntries(Object.entries(byName).map(([n, m]) => [n, valueOf(m)]))).toEqual({
      i8: -5,
      i16: -300,
      i32: -70_000,
      u16: 65_000,
      u32: 4_000_000_000,
      i64: -9_000_000_000,
      f: 1.5,
      d: 3.141592653589793,
      b: true,
      s: 'Linie 1 läuft',
      dt: 1_700_000_000_000,
    });
    expect(byName['dt']!.timestamp).toBe(1_700_000_000_100);
    expect(byName['u32']!.alias).toBe(5);
    expect(byName['u32']!.datatype).toBe(SparkplugType.UInt32);
  });

  it('writes what Tahu reads back as the same values and types', () => {
    const bytes = encodePayload({
      timestamp: 1_700_000_000_000,
      seq: 255,
      metrics: [
        { name: 'Line1/Speed', alias: 3, datatype: SparkplugType.Double, value: 12.25 },
        { name: 'Line1/Count', alias: 4, datatype: SparkplugType.Int32, value: -42 },
        { name: 'Line1/Running', datatype: SparkplugType.Boolean, value: false },
        { name: 'Line1/Product', datatype: SparkplugType.String, value: 'PET 0.5 l' },
        { name: 'Line1/Total', datatype: SparkplugType.UInt64, value: 2 ** 40 },
        { name: 'Line1/Lost', datatype: SparkplugType.Double, value: null, quality: 'BadNotConnected' },
      ],
    });
    const payload = tahu.decodePayload(bytes);
    expect(Number(payload.seq)).toBe(255);
    const byName = Object.fromEntries((payload.metrics ?? []).map((m) => [m.name, m]));
    expect(byName['Line1/Speed']).toMatchObject({ type: 'Double', value: 12.25 });
    expect(Number(byName['Line1/Speed']!.alias)).toBe(3);
    expect(byName['Line1/Count']).toMatchObject({ type: 'Int32', value: -42 });
    expect(byName['Line1/Running']).toMatchObject({ type: 'Boolean', value: false });
    expect(byName['Line1/Product']).toMatchObject({ type: 'String', value: 'PET 0.5 l' });
    expect(Number(byName['Line1/Total']!.value)).toBe(2 ** 40);
    expect(byName['Line1/Lost']!.value).toBeNull();
    expect(byName['Line1/Lost']!.properties?.['Quality']).toMatchObject({ type: 'Int32', value: 0 });
  });

  it('carries the quality both as Ignition reads it and exactly', () => {
    const bytes = encodePayload({ timestamp: 1, metrics: [{ alias: 1, datatype: SparkplugType.Double, value: 5, quality: 'UncertainLastUsableValue' }] });
    expect(decoded(bytes)[0]!.quality).toBe('UncertainLastUsableValue');
    const fromTahu = tahu.encodePayload({
      timestamp: 1,
      metrics: [
        { name: 'good', type: 'Double', value: 1, properties: { Quality: { type: 'Int32', value: 192 } } },
        { name: 'bad', type: 'Double', value: 1, properties: { Quality: { type: 'Int32', value: 0 } } },
        { name: 'none', type: 'Double', value: 1 },
      ],
    });
    expect(decoded(fromTahu).map((m) => m.quality)).toEqual(['Good', 'Bad', undefined]);
  });

  it('reads a DATA metric by the datatype its birth declared, and refuses a value of another kind', () => {
    const [metric] = decoded(encodePayload({ timestamp: 1, metrics: [{ alias: 9, datatype: SparkplugType.Int16, value: -2 }] }));
    expect(valueOf({ ...metric!, datatype: undefined } as IncomingMetric, SparkplugType.Int16)).toBe(-2);
    const wrong = metricValue(metric!.raw, SparkplugType.String);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toBe('a String metric came with a int value');
  });

  it('encodes arrays as the specification shows them', () => {
    // Sparkplug 3.0, 6.4.17: the BooleanArray example.
    const bools = [false, false, true, true, false, true, false, false, true, true, false, true];
    expect([...encodeArray(SparkplugType.BooleanArray, bools)]).toEqual([0x0c, 0x00, 0x00, 0x00, 0x34, 0xd0]);
    expect(decodeArray(SparkplugType.BooleanArray, encodeArray(SparkplugType.BooleanArray, bools))).toEqual({ ok: true, value: bools });
    expect([...encodeArray(SparkplugType.Int16Array, [-23, 123])]).toEqual([0xe9, 0xff, 0x7b, 0x00]);
    expect([...encodeArray(SparkplugType.StringArray, ['ABC', 'hello'])]).toEqual([0x41, 0x42, 0x43, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00]);
    const doubles = decoded(encodePayload({ timestamp: 1, metrics: [{ name: 'a', datatype: SparkplugType.DoubleArray, value: [1.5, -2, 1e300] }] }));
    expect(valueOf(doubles[0]!)).toEqual([1.5, -2, 1e300]);
    expect(decodeArray(SparkplugType.Int32Array, new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { message: 'a Int32Array of 3 bytes, not a multiple of 4' } });
  });

  it('says what is wrong with bytes that are not a payload', () => {
    const result = decodePayload(new Uint8Array([0x0a, 0xff, 0xff]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^not a Sparkplug B payload: /);
  });
});
