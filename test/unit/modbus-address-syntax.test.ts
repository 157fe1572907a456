import { describe, expect, it } from 'vitest';
import { parseItem } from '../../drivers/modbus/address.ts';
import { ADDRESS_SYNTAXES, parseLocation, type AddressSyntax } from '../../drivers/modbus/address-syntax.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { modbusDriverFactory } from '../../drivers/modbus/modbus-driver.ts';
import { Prng } from '../../drivers/simulator/prng.ts';

const device = (addressSyntax: AddressSyntax, more: Record<string, unknown> = {}) => ModbusConfigSchema.parse({ host: '127.0.0.1', addressSyntax, ...more });
const where = (address: string, syntax: AddressSyntax, options?: Record<string, unknown>, dataType?: string) => {
  const parsed = parseItem(address, device(syntax), options, dataType);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const { table, address: start, unitId, type, bit, length, arrayLength, count, order } = parsed.value;
  return { table, start, unitId, type, bit, length, arrayLength, count, order };
};

describe('modbus address syntaxes', () => {
  it('lineside (the default): zero-based hr:/ir:/co:/di:, and Modicon references, which are one-based', () => {
    expect(ModbusConfigSchema.parse({ host: 'plc' }).addressSyntax).toBe('lineside');
    expect(where('hr:0', 'lineside')).toMatchObject({ table: 'hr', start: 0, type: 'uint16', count: 1 });
    expect(where(' HR : 100 ', 'lineside', undefined, 'float32')).toMatchObject({ table: 'hr', start: 100, type: 'float32', count: 2 });
    expect(where('hr:10.3', 'lineside')).toMatchObject({ start: 10, bit: 3, type: 'bool' });
    expect(where('40001', 'lineside')).toMatchObject({ table: 'hr', start: 0 });
    expect(where('co:7', 'lineside')).toMatchObject({ table: 'co', start: 7, type: 'bool' });
  });

  it('modicon: 5 and 6 digits, .bit, Kepware strings (.nH / .nL) and arrays', () => {
    expect(where('40001', 'modicon')).toMatchObject({ table: 'hr', start: 0 });
    expect(where('400001', 'modicon')).toMatchObject({ table: 'hr', start: 0 });
    expect(where('465536', 'modicon')).toMatchObject({ table: 'hr', start: 65535 });
    expect(where('30010', 'modicon')).toMatchObject({ table: 'ir', start: 9 });
    expect(where('00001', 'modicon')).toMatchObject({ table: 'co', start: 0 });
    expect(where('100008', 'modicon')).toMatchObject({ table: 'di', start: 7 });
    expect(where('40001.3', 'modicon')).toMatchObject({ table: 'hr', start: 0, bit: 3, type: 'bool' });
    expect(where('40011.20H', 'modicon')).toMatchObject({ start: 10, type: 'string', length: 20, count: 10, order: 'ABCD' });
    expect(where('40011.5L', 'modicon')).toMatchObject({ type: 'string', length: 5, count: 3, order: 'BADC' });
    expect(where('400101[10]', 'modicon', { type: 'float32' })).toMatchObject({ start: 100, type: 'float32', arrayLength: 10, count: 20 });
  });

  it('ignition: one-based designators that name the type, unit prefix, strings and bits', () => {
    expect(where('HR1', 'ignition', undefined, 'float64')).toMatchObject({ table: 'hr', start: 0, type: 'int16', count: 1 });
    expect(where('HRUS1', 'ignition')).toMatchObject({ type: 'uint16' });
    expect(where('HRF100', 'ignition')).toMatchObject({ start: 99, type: 'float32', count: 2 });
    expect(where('hrd5', 'ignition')).toMatchObject({ start: 4, type: 'float64', count: 4 });
    expect(where('HRI_641', 'ignition')).toMatchObject({ start: 0, type: 'int64', count: 4 });
    expect(where('IRUI_64 1'.replace(' ', ''), 'ignition')).toMatchObject({ table: 'ir', type: 'uint64' });
    expect(where('HRBCD_3210', 'ignition')).toMatchObject({ start: 9, type: 'bcd32', count: 2 });
    expect(where('IRBCD2', 'ignition')).toMatchObject({ table: 'ir', start: 1, type: 'bcd16' });
    expect(where('HRS1:20', 'ignition')).toMatchObject({ type: 'string', length: 20, count: 10 });
    expect(where('2.HR1', 'ignition')).toMatchObject({ unitId: 2, start: 0 });
    expect(where('HR1.15', 'ignition')).toMatchObject({ bit: 15, type: 'bool' });
    expect(where('C1', 'ignition')).toMatchObject({ table: 'co', start: 0, type: 'bool' });
    expect(where('DI65536', 'ignition')).toMatchObject({ table: 'di', start: 65535 });
    expect(where('HRF1[4]', 'ignition')).toMatchObject({ arrayLength: 4, count: 8 });
  });

  it('the same register three ways', () => {
    const keys = [parseItem('hr:99', device('lineside'), { type: 'float32' }), parseItem('400100', device('modicon'), { type: 'float32' }), parseItem('HRF100', device('ignition'))].map((r) => (r.ok ? r.value.key : r.error.message));
    expect(new Set(keys).size).toBe(1);
  });

  it.each([
    ['lineside', 'HR1', 1, "looks like Ignition's one-based form"],
    [
      'lineside',
      'hr100',
      1,
      `'hr100' looks like Ignition's one-based form, but this device reads the lineside syntax (zero-based, with a colon): Ignition's hr100 is hr:99 and holding register 100 is hr:100; or set the device's addressSyntax to "ignition"`,
    ],
    ['lineside', 'hr 100', 4, "expected ':' after 'hr'"],
    ['lineside', 'hr:', 4, 'expected the holding register number (0..65535), found the end'],
    ['lineside', 'hr:65536', 4, 'must be 0..65535, not 65536'],
    ['lineside', 'hr:1.16', 6, 'the bit number must be 0..15'],
    ['lineside', 'co:1.2', 5, 'a coil is already one bit'],
    ['lineside', 'hr:1 x', 5, "unexpected ' ' after the address"],
    ['lineside', 'xx:1', 1, 'expected hr:, ir:, co: or di:'],
    ['modicon', 'hr:0', 1, `'hr:' is the lineside syntax; this device reads Modicon references (one-based): write 400001, or set the device's addressSyntax to "lineside"`],
    ['modicon', 'ir: 9', 1, 'write 300010,'],
    ['modicon', 'HRF100', 1, `'HRF100' is Ignition's form; this device reads Modicon references: write 400100`],
    ['modicon', 'x1', 1, 'expected a Modicon reference, found'],
    ['modicon', '40000', 2, 'one-based: 1..9999, not 0000'],
    ['modicon', '50001', 1, 'starts with 0 (coil)'],
    ['modicon', '4001', 1, 'has 5 or 6 digits'],
    ['modicon', '465537', 2, '1..65536, not 65537'],
    ['modicon', '40001.300H', 7, 'a string is 1..250 characters'],
    ['modicon', '00001.3H', 6, 'a string needs registers'],
    ['modicon', '40001[0]', 7, 'the array length must be 1..2000'],
    ['modicon', '40001[3', 8, "expected ']'"],
    ['modicon', '40001.3[2]', 8, 'an array of register bits is not supported'],
    ['ignition', 'hr:0', 1, "'HR:' is the lineside syntax"],
    ['ignition', 'HR0', 3, '1..65536, not 0'],
    ['ignition', 'HRS1', 5, 'give its length in characters'],
    ['ignition', 'HRF1:4', 5, "':<length>' is only for strings"],
    ['ignition', 'HRF1.2', 5, 'a bit is taken from a 16-bit register, not from a float32'],
    ['ignition', '300.HR1', 1, 'the unit id must be 0..255'],
    ['ignition', '3HR1', 2, "expected '.' after the unit id"],
    ['ignition', 'XR1', 1, 'expected an Ignition designator'],
    ['ignition', '', 1, 'an address is needed'],
  ] as const)('%s %j fails at column %i: %s', (syntax, text, column, message) => {
    const parsed = parseLocation(text, syntax);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.column).toBe(column);
    expect(parsed.error.message).toContain(message);
    // Through the factory the message carries the address and the column.
    const checked = modbusDriverFactory.validateAddress(text, device(syntax));
    expect(checked).toMatchObject({ ok: false, error: { message: expect.stringContaining(`'${text}' at column ${column}: `) } });
  });

  it('the address and the options may not disagree', () => {
    expect(parseItem('HRF1', device('ignition'), { type: 'int16' })).toMatchObject({ ok: false, error: { path: 'options.type', message: expect.stringContaining('says type float32') } });
    expect(parseItem('2.HR1', device('ignition'), { unitId: 3 })).toMatchObject({ ok: false, error: { path: 'options.unitId' } });
    expect(parseItem('hr:1.3', device('lineside'), { bit: 4 })).toMatchObject({ ok: false, error: { path: 'options.bit' } });
    expect(parseItem('hr:1.3', device('lineside'), { bit: 3 })).toMatchObject({ ok: true });
    expect(parseItem('HRS1:10', device('ignition'), { length: 12 })).toMatchObject({ ok: false, error: { path: 'options.length' } });
    expect(parseItem('hr:0[200]', device('lineside'), { type: 'float32' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('400 registers do not fit in one request') } });
    expect(parseItem('co:0[2000]', device('lineside'))).toMatchObject({ ok: true, value: { count: 2000 } });
  });

  it('describes what an address resolves to on the wire', () => {
    const describe = (address: string, syntax: AddressSyntax, options?: Record<string, unknown>, more: Record<string, unknown> = {}) => {
      const result = modbusDriverFactory.describeAddress!(address, device(syntax, more), options, 'float64');
      return result.ok ? result.value : result.error.message;
    };
    expect(describe('40001.3', 'modicon')).toBe('unit 1 · holding register 0 (400001.3) · bit 3 · read FC3 · write FC3 + FC6 (read-modify-write)');
    expect(describe('40001.3', 'modicon', undefined, { maskWriteRegister: true })).toContain('write FC22 (mask write)');
    expect(describe('2.HRF100', 'ignition', { order: 'CDAB' })).toBe('unit 2 · holding register 99 (400100) · float32 CDAB, 2 registers · read FC3 · write FC16');
    expect(describe('ir:5', 'lineside')).toBe('unit 1 · input register 5 (300006) · float64 ABCD, 4 registers · read FC4 · write read-only');
    expect(describe('HR1', 'ignition')).toBe('unit 1 · holding register 0 (400001) · int16, 1 register · read FC3 · write FC6');
    expect(describe('co:0[8]', 'lineside')).toBe('unit 1 · coil 0 (000001) · array of 8 coils · read FC1 · write FC15');
    expect(describe('hr:x', 'lineside')).toBe("'hr:x' at column 4: expected the holding register number (0..65535), found 'x'");
  });
});

describe('modbus address parser, fuzzed', () => {
  const ALPHABET = 'hrHRicodICODSFUBLX_.:[]0123456789 -+#\u00e9\u4e2d\t';
  const SEEDS = ['hr:100', '40001.3', '400001[4]', 'HRF1', '2.HRS1:20', 'HRBCD_3210', 'co:7', '40011.20H', 'IRUI_64 9'];

  /** Random strings, and valid addresses with a few characters changed, inserted or removed. */
  function* samples(prng: Prng, n: number): Generator<string> {
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) {
        const length = Math.floor(prng.next() * 16);
        yield Array.from({ length }, () => ALPHABET.charAt(Math.floor(prng.next() * ALPHABET.length))).join('');
        continue;
      }
      const chars = [...SEEDS[Math.floor(prng.next() * SEEDS.length)]!];
      for (let edits = 1 + Math.floor(prng.next() * 3); edits > 0; edits--) {
        const at = Math.floor(prng.next() * (chars.length + 1));
        const c = ALPHABET.charAt(Math.floor(prng.next() * ALPHABET.length));
        const op = prng.next();
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars.splice(at, 0, c);
        else chars[Math.min(at, chars.length - 1)] = c;
      }
      yield chars.join('');
    }
  }

  it.each(ADDRESS_SYNTAXES)('%s: 20,000 random strings give a location or a positioned error, never a throw', (syntax) => {
    const prng = new Prng(0x5eed + syntax.length);
    const config = device(syntax);
    let accepted = 0;
    const wrong: string[] = [];
    for (const text of samples(prng, 20_000)) {
      let parsed: ReturnType<typeof parseLocation>;
      try {
        parsed = parseLocation(text, syntax);
        // The whole item check (options, limits) never throws either.
        parseItem(text, config, { type: 'float32' });
      } catch (error) {
        wrong.push(`${JSON.stringify(text)} threw ${String(error)}`);
        continue;
      }
      if (parsed.ok) {
        accepted++;
        const { address, bit, arrayLength } = parsed.value;
        const sane = Number.isInteger(address) && address >= 0 && address <= 65535 && (bit === undefined || (bit >= 0 && bit <= 15)) && (arrayLength === undefined || (arrayLength >= 1 && arrayLength <= 2000));
        if (!sane) wrong.push(`${JSON.stringify(text)} → ${JSON.stringify(parsed.value)}`);
      } else {
        const { column, message } = parsed.error;
        if (!(Number.isInteger(column) && column >= 1 && column <= text.length + 1) || message.length < 10) wrong.push(`${JSON.stringify(text)} → column ${column}: ${message}`);
      }
    }
    expect(wrong).toEqual([]);
    // The mutations keep enough valid addresses to exercise the success paths too.
    expect(accepted).toBeGreaterThan(200);
  });
});
