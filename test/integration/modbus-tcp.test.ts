import { afterEach, describe, expect, it } from 'vitest';
import type { DriverItem } from '../../drivers/api.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { ModbusDriver, modbusDriverFactory } from '../../drivers/modbus/modbus-driver.ts';
import { freePort, ModbusMemory, startDeadServer, startServer } from './modbus-server.ts';
import { DriverWatch } from './modbus-watch.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(memory = new ModbusMemory(), port?: number) {
  const server = await startServer(memory, port ?? (await freePort()));
  cleanups.push(() => server.close());
  return { memory, server };
}

function connect(port: number, items: DriverItem[], config: Record<string, unknown> = {}) {
  const driver = modbusDriverFactory.create(ModbusConfigSchema.parse({ host: '127.0.0.1', port, pollMs: 100, ...config }), { deviceName: 'plc', projectDir: '.', dataDir: '.', now: Date.now }) as ModbusDriver;
  const watch = new DriverWatch(driver, items);
  cleanups.push(() => watch.dispose());
  void driver.connect();
  return watch;
}

/** The registers of a big-endian value as a device with `order` lays them out (independent of the codec). */
function wire(bigEndian: Buffer, order: string): number[] {
  let words = [];
  for (let i = 0; i < bigEndian.length; i += 2) words.push(bigEndian.readUInt16BE(i));
  if (order === 'CDAB' || order === 'DCBA') words = words.reverse();
  if (order === 'BADC' || order === 'DCBA') words = words.map((w) => ((w & 0xff) << 8) | (w >> 8));
  return words;
}
const be = (size: number, write: (b: Buffer) => void) => {
  const b = Buffer.alloc(size);
  write(b);
  return b;
};

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, what: string, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The write requests the server saw (polls run meanwhile). */
const writeKinds = (memory: ModbusMemory) => memory.log.filter((r) => r.kind.startsWith('fc')).map((r) => r.kind);

const ORDERS = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
const VALUES = [
  { type: 'int16', value: -1234, bytes: be(2, (b) => b.writeInt16BE(-1234)) },
  { type: 'uint16', value: 54321, bytes: be(2, (b) => b.writeUInt16BE(54321)) },
  { type: 'int32', value: -123456789, bytes: be(4, (b) => b.writeInt32BE(-123456789)) },
  { type: 'uint32', value: 3456789012, bytes: be(4, (b) => b.writeUInt32BE(3456789012)) },
  { type: 'float32', value: Math.fround(-12.5e3), bytes: be(4, (b) => b.writeFloatBE(-12.5e3)) },
  { type: 'float64', value: 1234.5678901234, bytes: be(8, (b) => b.writeDoubleBE(1234.5678901234)) },
] as const;

describe('modbus driver over TCP (modbus-serial ServerTCP)', () => {
  it('reads every type in every byte/word order, coils, discrete inputs, input registers, bits and strings', async () => {
    const { memory, server } = await serve();
    const unit = memory.unit(1);
    const items: DriverItem[] = [];
    const expected = new Map<number, unknown>();
    let address = 0;
    for (const order of ORDERS) {
      for (const { type, value, bytes } of VALUES) {
        unit.hr.set(wire(bytes, order), address);
        items.push({ handle: items.length, address: `hr:${address}`, options: { type, order } });
        expected.set(items.length - 1, value);
        address += 4;
      }
      unit.hr.set(wire(Buffer.from('Lineside'), order === 'BADC' || order === 'DCBA' ? 'BADC' : 'ABCD'), address);
      items.push({ handle: items.length, address: `hr:${address}`, options: { type: 'string', length: 8, order } });
      expected.set(items.length - 1, 'Lineside');
      address += 4;
    }
    unit.hr[500] = 0b0000_0000_0010_0001;
    items.push({ handle: 100, address: 'hr:500', options: { bit: 0 } }, { handle: 101, address: 'hr:500', options: { bit: 1 } }, { handle: 102, address: '40501', options: { bit: 5 } });
    unit.co[3] = 1;
    unit.di[7] = 1;
    unit.ir[5] = 4242;
    items.push({ handle: 103, address: 'co:3' }, { handle: 104, address: 'co:4' }, { handle: 105, address: 'di:7' }, { handle: 106, address: '10008' }, { handle: 107, address: 'ir:5' });
    for (const [handle, value] of [
      [100, true],
      [101, false],
      [102, true],
      [103, true],
      [104, false],
      [105, true],
      [106, true],
      [107, 4242],
    ] as const)
      expected.set(handle, value);

    const watch = connect(server.port, items);
    await watch.until(() => watch.latest.size === items.length, 'first report of every item');
    for (const [handle, value] of expected) {
      expect({ handle, value: watch.value(handle), quality: watch.quality(handle) }).toEqual({ handle, value, quality: 'Good' });
    }
  });

  it('writes every type and order with FC5/6/16 by type, refuses out-of-range integers and read-only tables', async () => {
    const { memory, server } = await serve();
    const items: DriverItem[] = [];
    let address = 1000;
    const writes: { address: string; value: number | string | boolean; type: string; bytes?: Buffer; order?: string; kind: string }[] = [];
    for (const order of ORDERS) {
      for (const { type, value, bytes } of VALUES) {
        items.push({ handle: items.length, address: `hr:${address}`, options: { type, order } });
        writes.push({ address: `hr:${address}`, value, type, bytes, order, kind: bytes.length === 2 ? 'fc6' : 'fc16' });
        address += 4;
      }
    }
    items.push({ handle: 900, address: 'co:10' }, { handle: 901, address: 'hr:2000', options: { bit: 3 } }, { handle: 902, address: 'hr:2001', options: { type: 'string', length: 6 } });
    const watch = connect(server.port, items);
    await watch.untilStatus('ok');
    const driver = watch.driver;

    for (const w of writes) {
      memory.log.length = 0;
      expect(await driver.write(w.address, w.value, { options: { type: w.type, order: w.order } })).toEqual({ ok: true, value: undefined });
      expect(writeKinds(memory)).toEqual([w.kind]);
      const start = Number(w.address.slice(3));
      expect([...memory.unit(1).hr.subarray(start, start + w.bytes!.length / 2)]).toEqual(wire(w.bytes!, w.order!));
    }
    memory.log.length = 0;
    expect(await driver.write('co:10', true)).toMatchObject({ ok: true });
    expect(writeKinds(memory)).toEqual(['fc5']);
    expect(memory.unit(1).co[10]).toBe(1);
    memory.unit(1).hr[2000] = 0b1;
    expect(await driver.write('hr:2000', true, { options: { bit: 3 } })).toMatchObject({ ok: true });
    expect(memory.unit(1).hr[2000]).toBe(0b1001);
    expect(await driver.write('hr:2001', 'pump', { options: { type: 'string', length: 6 } })).toMatchObject({ ok: true });
    expect(await driver.read([{ handle: 0, address: 'hr:2001', options: { type: 'string', length: 6 } }])).toMatchObject([{ value: 'pump', quality: 'Good' }]);

    memory.log.length = 0;
    const refused = await driver.write(writes[1]!.address, 70000, { options: { type: 'uint16' } });
    expect(refused).toEqual({ ok: false, error: { code: 'out-of-range', message: '70000 is outside the uint16 range 0..65535' } });
    expect(await driver.write('ir:1', 1)).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    expect(writeKinds(memory)).toEqual([]);
    // Written values read back through the same options.
    const back = await driver.read(items.slice(0, VALUES.length * ORDERS.length));
    expect(back.map((v) => v.value)).toEqual(writes.map((w) => w.value));
  });

  it("decodes registers by the tag's data type (options.type overrides) and writes FC15/FC16 where a tag asks", async () => {
    const { memory, server } = await serve();
    const hr = memory.unit(1).hr;
    hr.set(
      wire(
        be(4, (b) => b.writeFloatBE(21.5)),
        'ABCD',
      ),
      10,
    );
    hr.set(
      wire(
        be(4, (b) => b.writeInt32BE(-70000)),
        'ABCD',
      ),
      20,
    );
    hr[30] = 0xfffe;
    const items: DriverItem[] = [
      { handle: 1, address: 'hr:10', dataType: 'float32' },
      { handle: 2, address: 'hr:20', dataType: 'int32' },
      { handle: 3, address: 'hr:30', dataType: 'int16' },
      { handle: 4, address: 'hr:30', dataType: 'float64', options: { type: 'uint16' } },
      { handle: 5, address: 'co:4', dataType: 'bool', options: { writeFunction: 15 } },
      { handle: 6, address: 'hr:40', dataType: 'uint16', options: { writeFunction: 16 } },
    ];
    const watch = connect(server.port, items);
    await watch.until(() => watch.latest.size === items.length, 'first report of every item');
    expect([1, 2, 3, 4].map((h) => watch.value(h))).toEqual([21.5, -70000, -2, 0xfffe]);

    memory.log.length = 0;
    expect(await watch.driver.write('co:4', true, { options: { writeFunction: 15 }, dataType: 'bool' })).toEqual({ ok: true, value: undefined });
    expect(await watch.driver.write('hr:40', 321, { options: { writeFunction: 16 }, dataType: 'uint16' })).toEqual({ ok: true, value: undefined });
    expect(writeKinds(memory)).toEqual(['fc15', 'fc16']);
    expect([memory.unit(1).co[4], hr[40]]).toEqual([1, 321]);

    const factory = modbusDriverFactory;
    const config = ModbusConfigSchema.parse({ host: '127.0.0.1' });
    expect(factory.validateAddress('hr:1', config, undefined, 'string')).toMatchObject({ ok: false, error: { path: 'options.length' } });
    expect(factory.validateAddress('hr:1', config, { writeFunction: 15 }, 'uint16')).toMatchObject({ ok: false, error: { path: 'options.writeFunction', message: expect.stringMatching(/use 6 or 16/) } });
    expect(factory.validateAddress('hr:1', config, { writeFunction: 6 }, 'float32')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/use 16/) } });
    expect(factory.validateAddress('di:1', config, { writeFunction: 5 }, 'bool')).toMatchObject({ ok: false });
    expect(factory.validateAddress('hr:1', config, undefined, 'bool')).toEqual({ ok: true, value: undefined });
  });

  it('arrays, 64-bit integers and BCD over the wire: read in one request, written whole with FC15/FC16', async () => {
    const { memory, server } = await serve();
    const hr = memory.unit(1).hr;
    hr.set([0x3f80, 0, 0xc020, 0, 0x3e80, 0], 100); // float32 1, -2.5, 0.25 (ABCD)
    hr.set([0xffff, 0xffff, 0xffff, 0xfffe], 200); // int64 -2
    hr.set([0x1234, 0x0099], 300); // bcd16 1234, 99
    memory.unit(1).co.set([1, 0, 1], 10);
    const items: DriverItem[] = [
      { handle: 1, address: 'hr:100[3]', options: { type: 'float32' } },
      { handle: 2, address: 'hr:200', options: { type: 'int64' } },
      { handle: 3, address: 'hr:300[2]', options: { type: 'bcd16' } },
      { handle: 4, address: 'co:10[3]' },
    ];
    const watch = connect(server.port, items);
    await watch.until(() => watch.latest.size === 4, 'first report');
    expect([1, 2, 3, 4].map((h) => watch.value(h))).toEqual([[1, -2.5, 0.25], -2, [1234, 99], [true, false, true]]);
    memory.log.length = 0;
    const driver = watch.driver;
    // The driver interface writes scalars; an array item takes the whole list (cast: common's Value gets lists with the array tags).
    const list = (values: unknown[]) => values as unknown as number;
    expect(await driver.write('hr:100[3]', list([4, 5, 6]), { options: { type: 'float32' } })).toEqual({ ok: true, value: undefined });
    expect(await driver.write('co:10[3]', list([false, true, false]))).toEqual({ ok: true, value: undefined });
    expect(await driver.write('hr:300[2]', list([1, 2]), { options: { type: 'bcd16' } })).toEqual({ ok: true, value: undefined });
    expect(await driver.write('hr:200', 2 ** 40, { options: { type: 'int64' } })).toEqual({ ok: true, value: undefined });
    expect(writeKinds(memory)).toEqual(['fc16', 'fc15', 'fc16', 'fc16']);
    expect([...hr.subarray(100, 106)]).toEqual([0x4080, 0, 0x40a0, 0, 0x40c0, 0]);
    expect([...memory.unit(1).co.subarray(10, 13)]).toEqual([0, 1, 0]);
    expect([...hr.subarray(300, 302)]).toEqual([0x0001, 0x0002]);
    await watch.until(() => watch.value(2) === 2 ** 40, 'the int64 read back');
    expect(await driver.write('hr:100[3]', list([1, 2]), { options: { type: 'float32' } })).toMatchObject({ ok: false, error: { message: 'this array takes 3 values, not 2' } });
  });

  it('coalesces nearby addresses and never crosses the device limit', async () => {
    const { memory, server } = await serve();
    const items: DriverItem[] = Array.from({ length: 40 }, (_, i) => ({ handle: i, address: `hr:${i * 3}` }));
    items.push({ handle: 100, address: 'hr:1000' }, { handle: 101, address: 'hr:1002', options: { type: 'float32' } });
    const watch = connect(server.port, items, { maxRegistersPerRequest: 20, maxGapRegisters: 4 });
    await watch.until(() => watch.latest.size === items.length, 'first report');
    const reads = memory.log.filter((r) => r.kind === 'read-hr');
    // 0..117 in blocks of at most 20 (7 reads, items never split), then 1000..1003 as one.
    expect(reads.slice(0, 7).map((r) => [r.address, r.length])).toEqual([
      [0, 19],
      [21, 19],
      [42, 19],
      [63, 19],
      [84, 19],
      [105, 13],
      [1000, 4],
    ]);
    expect(Math.max(...reads.map((r) => r.length))).toBeLessThanOrEqual(20);
    expect(watch.driver.stats?.().requests).toBeGreaterThanOrEqual(7);
  });

  it('keeps several requests outstanding when the device allows it (maxConcurrentRequests), with the same results', async () => {
    const memory = new ModbusMemory();
    const items: DriverItem[] = [];
    for (let b = 0; b < 12; b++) {
      memory.unit(1).hr[b * 1000] = b + 1;
      items.push({ handle: b, address: `hr:${b * 1000}` });
    }
    memory.illegal.add('hr:5001');
    items.push({ handle: 100, address: 'hr:5001' });
    const { server } = await serve(memory);
    const watch = connect(server.port, items, { maxConcurrentRequests: 4 });
    await watch.until(() => watch.latest.size === items.length, 'first report');
    expect(items.slice(0, 12).map((i) => watch.value(i.handle))).toEqual(Array.from({ length: 12 }, (_, b) => b + 1));
    expect(watch.quality(100)).toBe('BadConfigurationError');
    expect(watch.quality(5)).toBe('Good');
  });

  it('an illegal address makes only its own tags bad (BadConfigurationError), found by splitting the block', async () => {
    const memory = new ModbusMemory();
    memory.illegal.add('hr:105');
    memory.unit(1).hr.set([11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 22], 100);
    const { server } = await serve(memory);
    const items: DriverItem[] = [
      { handle: 1, address: 'hr:100' },
      { handle: 2, address: 'hr:105' },
      { handle: 3, address: 'hr:110' },
      { handle: 4, address: 'hr:104', options: { type: 'uint32' } },
    ];
    const watch = connect(server.port, items);
    await watch.until(() => watch.latest.size === 4, 'first report');
    expect([1, 2, 3, 4].map((h) => watch.quality(h))).toEqual(['Good', 'BadConfigurationError', 'Good', 'BadConfigurationError']);
    expect([watch.value(1), watch.value(3)]).toEqual([11, 22]);
    expect(watch.driver.status).toBe('ok');
    // Later polls keep the refused addresses apart: the good tags keep being read.
    memory.unit(1).hr[110] = 33;
    await watch.until(() => watch.value(3) === 33, 'the good tag to follow the device');
    expect(watch.quality(1)).toBe('Good');
  });

  it('maps busy, device failure and gateway exceptions, and a unit that does not answer, onto those tags only', async () => {
    const memory = new ModbusMemory();
    memory.exceptions.set('hr:10', 6).set('hr:20', 4).set('hr:30', 11).set('hr:40', 10);
    memory.silentUnits.add(9);
    memory.unit(1).hr[0] = 1;
    const { server } = await serve(memory);
    const items: DriverItem[] = [10, 20, 30, 40].map((a) => ({ handle: a, address: `hr:${a}` }));
    items.push({ handle: 0, address: 'hr:0' }, { handle: 9, address: 'hr:0', options: { unitId: 9 } });
    const watch = connect(server.port, items, { maxGapRegisters: 0, timeoutMs: 200, retries: 1 });
    await watch.until(() => watch.latest.size === items.length, 'first report');
    expect([10, 20, 30, 40, 0, 9].map((h) => watch.quality(h))).toEqual(['BadDeviceFailure', 'BadDeviceFailure', 'BadCommunicationError', 'BadCommunicationError', 'Good', 'BadNoCommunication']);
    expect(watch.driver.status).toBe('ok');
    expect(watch.driver.stats!().errors).toBeGreaterThanOrEqual(6);
  });

  it('a unit id may have its own timeout and retries (units): a silent unit with a short one is found at once', async () => {
    const memory = new ModbusMemory();
    memory.silentUnits.add(9);
    memory.unit(1).hr[0] = 1;
    const { server } = await serve(memory);
    const items: DriverItem[] = [
      { handle: 1, address: 'hr:0' },
      { handle: 9, address: 'hr:0', options: { unitId: 9 } },
    ];
    const started = performance.now();
    const watch = connect(server.port, items, { timeoutMs: 5000, retries: 3, units: { '9': { timeoutMs: 100, retries: 0 } } });
    await watch.until(() => watch.quality(9) === 'BadNoCommunication' && watch.quality(1) === 'Good', 'unit 9 given up on, unit 1 read');
    // With the device's own 5 s timeout and 3 retries it would take 20 s.
    expect(performance.now() - started).toBeLessThan(3000);
    expect((watch.driver as ModbusDriver).units().find((u) => u.unitId === 9)).toMatchObject({ state: 'no-response', timeouts: 1, requests: 1 });
    expect(ModbusConfigSchema.safeParse({ host: 'plc', units: { '256': { timeoutMs: 100 } } }).success).toBe(false);
  });

  it('goes error within 2 s when the server stops and Good again by itself within 5 s after it returns', async () => {
    const memory = new ModbusMemory();
    memory.unit(1).hr[0] = 7;
    const { server } = await serve(memory);
    const watch = connect(server.port, [
      { handle: 1, address: 'hr:0' },
      { handle: 2, address: 'co:0' },
    ]);
    await watch.until(() => watch.latest.size === 2, 'first report');
    const reported = watch.batches.length;

    await server.close();
    await watch.untilStatus('error', 2000);
    expect(watch.statuses.at(-1)?.error).toMatch(/closed|connect/);

    const returned = await startServer(memory, server.port);
    cleanups.push(() => returned.close());
    await watch.untilStatus('ok', 5000);
    // After a reconnect every item is reported again, even unchanged.
    await watch.until(() => watch.batches.slice(reported).some((b) => b.changes.length === 2), 'every item reported again', 5000);
    expect(watch.quality(1)).toBe('Good');
  });

  it('recovers when the server goes away in the middle of a request', async () => {
    const memory = new ModbusMemory();
    const port = await freePort();
    const server = await startServer(memory, port);
    cleanups.push(() => server.close());
    const watch = connect(port, [{ handle: 1, address: 'hr:0' }], { timeoutMs: 5000 });
    await watch.until(() => watch.quality(1) === 'Good', 'first report');
    memory.silent = true;
    // The next poll's request reaches the server, which never answers it.
    await within(new Promise<void>((resolve) => (memory.onRead = () => resolve())), 'a request in flight');
    memory.onRead = undefined;
    await server.close();
    await watch.untilStatus('error', 2000);
    memory.silent = false;
    memory.unit(1).hr[0] = 77;
    const again = await startServer(memory, port);
    cleanups.push(() => again.close());
    await watch.until(() => watch.value(1) === 77, 'polls to resume on the new connection', 5000);
  });

  it('a dead device (accepts, never answers) never delays another device, and its polls are skipped, not queued', async () => {
    const dead = await startDeadServer();
    cleanups.push(() => dead.close());
    const memory = new ModbusMemory();
    memory.onRead = () => void (memory.unit(1).hr[0] = (memory.unit(1).hr[0]! + 1) & 0xffff);
    const { server } = await serve(memory);

    const slow = connect(dead.port, [{ handle: 1, address: 'hr:0' }], { pollMs: 50, timeoutMs: 800, retries: 1 });
    await slow.untilStatus('ok');
    const good = connect(server.port, [{ handle: 1, address: 'hr:0' }], { pollMs: 100 });
    await good.untilStatus('ok');
    const first = good.batches.length;
    await slow.untilStatus('error', 5000);
    expect(slow.statuses.at(-1)?.error).toContain('no answer');
    const times = good.batches.slice(first).map((b) => b.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.length).toBeGreaterThanOrEqual(8);
    // Had the dead device held the other one up, a gap would be a whole timed-out cycle (1.6 s).
    expect(Math.max(...gaps)).toBeLessThan(1000);
    // 1.6 s of timeouts at a 50 ms rate: one request and one retry, the other polls skipped.
    expect((slow.driver as ModbusDriver).skippedPolls).toBeGreaterThan(10);
    expect(slow.driver.stats?.().requests).toBeLessThanOrEqual(3);
  });

  it('polls each poll group at its own rate', async () => {
    const { memory, server } = await serve();
    const watch = connect(
      server.port,
      [
        { handle: 1, address: 'hr:0', options: { pollGroup: 'fast' } },
        { handle: 2, address: 'hr:500' },
      ],
      {
        pollMs: 2000,
        pollGroups: { fast: { rateMs: 50 } },
      },
    );
    const readsOf = (address: number) => memory.log.filter((r) => r.kind === 'read-hr' && r.address === address).length;
    await watch.until(() => watch.latest.size === 2, 'first report');
    // Each read changes hr:0, so every fast poll is an event to wait on.
    memory.onRead = () => void memory.unit(1).hr[0]!++;
    await watch.until(() => readsOf(0) >= 10, 'ten polls of the fast group', 3000);
    expect(readsOf(0)).toBeGreaterThanOrEqual(10);
    expect(readsOf(500)).toBeLessThanOrEqual(2);
  });

  it('a hung device with many blocks goes error after a few silent requests, not after all of them', async () => {
    const dead = await startDeadServer();
    cleanups.push(() => dead.close());
    const items: DriverItem[] = Array.from({ length: 20 }, (_, i) => ({ handle: i, address: `hr:${i * 1000}` }));
    const watch = connect(dead.port, items, { timeoutMs: 150, retries: 1 });
    await watch.untilStatus('ok');
    const started = performance.now();
    await watch.untilStatus('error', 5000);
    // 3 silent blocks × 2 attempts × 150 ms (0.9 s), not 20 blocks (6 s).
    expect(performance.now() - started).toBeLessThan(3000);
    expect(watch.statuses.at(-1)?.error).toContain('no answer in time');
  });

  it('reports only changes, keeps stats, and goes off on disconnect', async () => {
    const memory = new ModbusMemory();
    const { server } = await serve(memory);
    const watch = connect(server.port, [
      { handle: 1, address: 'hr:0' },
      { handle: 2, address: 'hr:1' },
      { handle: 3, address: 'hr:x' },
    ]);
    const first = await watch.nextBatch();
    expect(first.get(3)?.quality).toBe('BadConfigurationError');
    await watch.until(() => watch.latest.size === 3, 'first report');
    memory.unit(1).hr[1] = 5;
    const change = await watch.nextBatch();
    expect([...change.keys()]).toEqual([2]);
    expect(change.get(2)?.value).toBe(5);
    const stats = watch.driver.stats!();
    expect(stats.requests).toBeGreaterThan(1);
    expect(stats.errors).toBe(0);
    expect(stats.lastRoundTripMs).toBeGreaterThanOrEqual(0);
    await watch.driver.disconnect();
    expect(watch.driver.status).toBe('off');
    expect(await watch.driver.write('hr:0', 1)).toMatchObject({ ok: false, error: { code: 'device-offline' } });
  });
});
