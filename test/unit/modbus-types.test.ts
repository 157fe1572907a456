import { describe, expect, it } from 'vitest';
import { parseItem, type ModbusItem } from '../../drivers/modbus/address.ts';
import { decodeValue, encodeRegisters } from '../../drivers/modbus/codec.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { decodeItem, encodeItem } from '../../drivers/modbus/item-codec.ts';
import { overlapWarnings } from '../../drivers/modbus/overlaps.ts';

const config = ModbusConfigSchema.parse({ host: '127.0.0.1' });
const item = (address: string, options?: Record<string, unknown>): ModbusItem => {
  const parsed = parseItem(address, config, options);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

describe('modbus 64-bit integers', () => {
  it('int64 and uint64 in every word order', () => {
    // 0x0001_0203_0405_0607 = 283686952306183
    const abcd = [0x0001, 0x0203, 0x0405, 0x0607];
    expect(decodeValue(abcd, 'int64', 'ABCD')).toEqual({ value: 283686952306183, quality: 'Good' });
    expect(decodeValue([...abcd].reverse(), 'uint64', 'CDAB')).toEqual({ value: 283686952306183, quality: 'Good' });
    expect(decodeValue([0xffff, 0xffff, 0xffff, 0xfffe], 'int64', 'ABCD')).toEqual({ value: -2, quality: 'Good' });
    expect(encodeRegisters(-2, 'int64', 'ABCD')).toEqual({ ok: true, value: [0xffff, 0xffff, 0xffff, 0xfffe] });
    expect(encodeRegisters(283686952306183, 'uint64', 'DCBA')).toEqual({ ok: true, value: [0x0706, 0x0504, 0x0302, 0x0100] });
  });

  it('past ±2^53 a value is rounded and Uncertain; such values are not written', () => {
    expect(decodeValue([0xffff, 0xffff, 0xffff, 0xffff], 'uint64', 'ABCD')).toEqual({ value: 18446744073709552000, quality: 'Uncertain' });
    expect(decodeValue([0x0020, 0x0000, 0x0000, 0x0001], 'int64', 'ABCD').quality).toBe('Uncertain');
    expect(encodeRegisters(2 ** 60, 'int64', 'ABCD')).toMatchObject({ ok: false, error: { code: 'out-of-range', message: expect.stringContaining('cannot be written exactly') } });
    expect(encodeRegisters(-1, 'uint64', 'ABCD')).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
  });
});

describe('modbus BCD', () => {
  it('bcd16 holds 0..9999, bcd32 0..99999999, a digit per nibble', () => {
    expect(decodeValue([0x1234], 'bcd16', 'ABCD')).toEqual({ value: 1234, quality: 'Good' });
    expect(decodeValue([0x3412], 'bcd16', 'BADC')).toEqual({ value: 1234, quality: 'Good' });
    expect(decodeValue([0x1234, 0x5678], 'bcd32', 'ABCD')).toEqual({ value: 12345678, quality: 'Good' });
    expect(decodeValue([0x5678, 0x1234], 'bcd32', 'CDAB')).toEqual({ value: 12345678, quality: 'Good' });
    expect(encodeRegisters(905, 'bcd16', 'ABCD')).toEqual({ ok: true, value: [0x0905] });
    expect(encodeRegisters(12345678, 'bcd32', 'CDAB')).toEqual({ ok: true, value: [0x5678, 0x1234] });
  });

  it('a register that is not BCD is BadTypeMismatch; out of range is refused', () => {
    expect(decodeValue([0x12a4], 'bcd16', 'ABCD')).toEqual({ value: null, quality: 'BadTypeMismatch' });
    expect(encodeRegisters(10000, 'bcd16', 'ABCD')).toMatchObject({ ok: false, error: { message: '10000 is outside the bcd16 range 0..9999' } });
    expect(encodeRegisters(1.5, 'bcd32', 'ABCD')).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
  });
});

describe('modbus arrays and strings', () => {
  it('an array of float32 decodes and encodes element by element, in the item order', () => {
    const floats = item('hr:0[3]', { type: 'float32', order: 'CDAB' });
    const encoded = encodeItem(floats, [1, -2.5, 0.25]);
    expect(encoded).toEqual({ ok: true, value: { kind: 'registers', words: [0, 0x3f80, 0, 0xc020, 0, 0x3e80] } });
    expect(decodeItem(floats, [0, 0x3f80, 0, 0xc020, 0, 0x3e80])).toEqual({ value: [1, -2.5, 0.25], quality: 'Good' });
    expect(encodeItem(floats, [1, 2])).toMatchObject({ ok: false, error: { message: 'this array takes 3 values, not 2' } });
    expect(encodeItem(floats, [1, 'x', 3])).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^element 1: float32 takes a finite number/) } });
  });

  it('the worst element sets the quality of an array', () => {
    const bcd = item('hr:0[2]', { type: 'bcd16' });
    expect(decodeItem(bcd, [0x0012, 0x00f0])).toEqual({ value: [12, null], quality: 'BadTypeMismatch' });
  });

  it('coil arrays, and strings of N registers', () => {
    expect(decodeItem(item('co:0[4]'), [true, false, true, true])).toEqual({ value: [true, false, true, true], quality: 'Good' });
    expect(encodeItem(item('co:0[2]'), [1, false])).toEqual({ ok: true, value: { kind: 'coils', states: [true, false] } });
    const text = item('hr:0', { type: 'string', length: 6 });
    expect(text.count).toBe(3);
    expect(encodeItem(text, 'Line')).toEqual({ ok: true, value: { kind: 'registers', words: [0x4c69, 0x6e65, 0] } });
    expect(decodeItem(text, [0x4c69, 0x6e65, 0x3100])).toEqual({ value: 'Line1', quality: 'Good' });
  });
});

describe('modbus overlapping tags', () => {
  const tag = (path: string, address: string, options?: Record<string, unknown>) => ({ path, address, dataType: 'float64' as const, ...(options ? { options } : {}) });

  it('warns about registers read as different types or orders, naming both tags', () => {
    const warnings = overlapWarnings(config, [
      tag('Line1/Flow', 'hr:10', { type: 'float32' }),
      tag('Line1/FlowRaw', 'hr:11', { type: 'uint16' }),
      tag('Line1/Total', 'hr:20', { type: 'float32', order: 'ABCD' }),
      tag('Line1/TotalSwapped', 'hr:20', { type: 'float32', order: 'CDAB' }),
    ]);
    expect(warnings).toEqual([
      'tags Line1/Flow (hr:10 as float32 ABCD) and Line1/FlowRaw (hr:11 as uint16) overlap at unit 1 holding register 11: both read, each its own way, and a write through one changes the other',
      'tags Line1/Total (hr:20 as float32 ABCD) and Line1/TotalSwapped (hr:20 as float32 CDAB) overlap at unit 1 holding register 20: both read, each its own way, and a write through one changes the other',
    ]);
  });

  it('the same reading twice, a status word and its bits, other units and tables are fine', () => {
    expect(
      overlapWarnings(config, [
        tag('A/Speed', 'hr:0', { type: 'float32' }),
        tag('A/SpeedAgain', '40001', { type: 'float32' }),
        tag('A/Status', 'hr:5', { type: 'uint16' }),
        tag('A/Running', 'hr:5', { bit: 0 }),
        tag('A/Fault', 'hr:5.1'),
        tag('B/Speed', 'hr:1', { type: 'uint16', unitId: 2 }),
        tag('A/Input', 'ir:1', { type: 'uint16' }),
        tag('A/Coil', 'co:0'),
        tag('A/CoilAgain', 'co:0'),
      ]),
    ).toEqual([]);
    expect(overlapWarnings(config, [tag('A/Level', 'hr:5', { type: 'float32' }), tag('A/Bit', 'hr:6', { bit: 2 })])).toHaveLength(1);
  });
});
