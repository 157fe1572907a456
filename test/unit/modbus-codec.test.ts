import { describe, expect, it } from 'vitest';
import { decodeRegisters, encodeRegisters } from '../../drivers/modbus/codec.ts';
import { parseItem } from '../../drivers/modbus/address.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { modbusDriverFactory } from '../../drivers/modbus/modbus-driver.ts';

const config = ModbusConfigSchema.parse({ host: '127.0.0.1', pollGroups: { fast: { rateMs: 100 } } });

describe('modbus codec', () => {
  it.each([
    ['ABCD', [0x3f80, 0x0000]],
    ['CDAB', [0x0000, 0x3f80]],
    ['BADC', [0x803f, 0x0000]],
    ['DCBA', [0x0000, 0x803f]],
  ] as const)('float32 1.0 in %s is %j', (order, registers) => {
    expect(decodeRegisters(registers, 'float32', order)).toBe(1);
    expect(encodeRegisters(1, 'float32', order)).toEqual({ ok: true, value: registers });
  });

  it('int32 and uint32 in every order', () => {
    expect(decodeRegisters([0x1234, 0x5678], 'uint32', 'ABCD')).toBe(0x12345678);
    expect(decodeRegisters([0x5678, 0x1234], 'uint32', 'CDAB')).toBe(0x12345678);
    expect(decodeRegisters([0x3412, 0x7856], 'uint32', 'BADC')).toBe(0x12345678);
    expect(decodeRegisters([0x7856, 0x3412], 'uint32', 'DCBA')).toBe(0x12345678);
    expect(decodeRegisters([0xffff, 0xfffe], 'int32', 'ABCD')).toBe(-2);
  });

  it('16-bit values see only the byte swap', () => {
    expect(decodeRegisters([0xfffe], 'int16', 'CDAB')).toBe(-2);
    expect(decodeRegisters([0x3412], 'uint16', 'BADC')).toBe(0x1234);
    expect(encodeRegisters(0x1234, 'uint16', 'DCBA')).toEqual({ ok: true, value: [0x3412] });
  });

  it('float64 reverses all four words when words are swapped', () => {
    const abcd = [0x4009, 0x21fb, 0x5444, 0x2d18];
    expect(decodeRegisters(abcd, 'float64', 'ABCD')).toBe(Math.PI);
    expect(decodeRegisters([...abcd].reverse(), 'float64', 'CDAB')).toBe(Math.PI);
  });

  it('strings are two characters a register, cut at the first NUL', () => {
    expect(decodeRegisters([0x4142, 0x4300], 'string', 'ABCD', undefined, 4)).toBe('ABC');
    expect(decodeRegisters([0x4241, 0x0043], 'string', 'BADC', undefined, 4)).toBe('ABC');
    expect(encodeRegisters('ABC', 'string', 'ABCD', 4)).toEqual({ ok: true, value: [0x4142, 0x4300] });
    expect(encodeRegisters('ABCDE', 'string', 'ABCD', 4).ok).toBe(false);
  });

  it('single bits of a register', () => {
    expect(decodeRegisters([0b1000_0000_0000_0100], 'bool', 'ABCD', 2)).toBe(true);
    expect(decodeRegisters([0b1000_0000_0000_0100], 'bool', 'ABCD', 3)).toBe(false);
    expect(decodeRegisters([0x8000], 'bool', 'ABCD', 15)).toBe(true);
  });

  it('refuses integers out of range or not whole, with the range in words', () => {
    const refused = encodeRegisters(70000, 'uint16', 'ABCD');
    expect(refused).toEqual({ ok: false, error: { code: 'out-of-range', message: '70000 is outside the uint16 range 0..65535' } });
    expect(encodeRegisters(-1, 'uint32', 'ABCD').ok).toBe(false);
    expect(encodeRegisters(2147483648, 'int32', 'ABCD').ok).toBe(false);
    expect(encodeRegisters(1.5, 'int16', 'ABCD').ok).toBe(false);
    expect(encodeRegisters('x', 'float32', 'ABCD').ok).toBe(false);
  });
});

describe('modbus addresses', () => {
  it('reads prefixed and classic addresses alike', () => {
    const a = parseItem('hr:100', config);
    const b = parseItem('40101', config);
    expect(a.ok && b.ok && a.value.key === b.value.key).toBe(true);
    expect(parseItem('300001', config)).toMatchObject({ ok: true, value: { table: 'ir', address: 0 } });
    expect(parseItem('00004', config)).toMatchObject({ ok: true, value: { table: 'co', address: 3, type: 'bool' } });
    expect(parseItem('10008', config)).toMatchObject({ ok: true, value: { table: 'di', address: 7 } });
    expect(parseItem('ir:5', config)).toMatchObject({ ok: true, value: { table: 'ir', address: 5, type: 'uint16', unitId: 1, order: 'ABCD', count: 1 } });
  });

  it('takes type, order, bit, length, unitId and pollGroup options', () => {
    expect(parseItem('hr:10', config, { type: 'float64', order: 'CDAB', unitId: 7, pollGroup: 'fast' })).toMatchObject({
      ok: true,
      value: { type: 'float64', order: 'CDAB', unitId: 7, pollGroup: 'fast', count: 4 },
    });
    expect(parseItem('hr:10', config, { bit: 3 })).toMatchObject({ ok: true, value: { type: 'bool', bit: 3, count: 1 } });
    expect(parseItem('hr:10', config, { type: 'string', length: 9 })).toMatchObject({ ok: true, value: { count: 5 } });
  });

  it.each([
    ['hr100', {}, "'hr100' at column 1: 'hr100' looks like Ignition's one-based form"],
    ['hr:70000', {}, '0..65535'],
    ['50001', {}, 'starts with 0 (coil)'],
    ['co:1', { type: 'int16' }, 'its type is bool'],
    ['hr:1', { type: 'int128' }, 'type must be one of'],
    ['hr:1', { order: 'ABDC' }, 'order must be one of'],
    ['hr:1', { bit: 16 }, 'bit must be an integer 0..15'],
    ['hr:1', { type: 'bool' }, 'needs bit'],
    ['hr:1', { type: 'string' }, 'needs length'],
    ['hr:1', { length: 4 }, 'only for type string'],
    ['hr:1', { type: 'string', length: 300 }, 'do not fit in one request'],
    ['hr:1', { unitId: 256 }, 'unitId must be an integer 0..255'],
    ['hr:1', { pollGroup: 'slow' }, "is not in the device's pollGroups (fast)"],
    ['hr:1', { scale: 2 }, 'unknown Modbus option(s) scale'],
    ['hr:65535', { type: 'uint32' }, 'runs past address 65535'],
  ])('%s %j is refused: %s', (address, options, message) => {
    const result = modbusDriverFactory.validateAddress(address, config, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });

  it('names the option at fault, for the project loader', () => {
    expect(parseItem('hr:1', config, { order: 'XYZW' })).toMatchObject({ ok: false, error: { path: 'options.order' } });
    expect(parseItem('hr:1', config, { pollGroup: 'slow' })).toMatchObject({ ok: false, error: { path: 'options.pollGroup' } });
  });

  it('checks the config: a transport needs its host or path', () => {
    expect(ModbusConfigSchema.safeParse({ transport: 'rtu' }).success).toBe(false);
    expect(ModbusConfigSchema.safeParse({ transport: 'tcp' }).success).toBe(false);
    expect(ModbusConfigSchema.safeParse({ transport: 'rtu', path: '/dev/ttyUSB0', maxRegistersPerRequest: 126 }).success).toBe(false);
    expect(ModbusConfigSchema.safeParse({ transport: 'rtu-over-tcp', host: 'gw', unitId: 3 }).success).toBe(true);
  });
});
