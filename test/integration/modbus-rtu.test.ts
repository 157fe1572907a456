import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerSerial } from 'modbus-serial';
import type { DriverItem } from '../../drivers/api.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { modbusDriverFactory, type ModbusDriver } from '../../drivers/modbus/modbus-driver.ts';
import { startPymodbus, type PymodbusServer } from '../support/pymodbus.ts';
import { serialPair, startSocat } from '../support/socat.ts';
import { freePort, ModbusMemory } from './modbus-server.ts';
import { DriverWatch } from './modbus-watch.ts';

const WAIT_MS = 5000;
const base = `/tmp/lineside-modbus-${process.pid}`;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pair(name: string): Promise<[string, string]> {
  const [a, b] = [`${base}-${name}-a`, `${base}-${name}-b`];
  const socat = await serialPair(a, b);
  cleanups.push(() => socat.stop());
  return [a, b];
}

async function pymodbusOn(path: string, units: number[]): Promise<PymodbusServer> {
  const server = await startPymodbus({ kind: 'rtu', path, baudRate: 19200 }, units);
  cleanups.push(() => server.stop());
  return server;
}

/** modbus-serial's own RTU slave on one end of a serial line. */
async function serialServer(memory: ModbusMemory, path: string): Promise<void> {
  const server = new ServerSerial(memory.vector(), { path, baudRate: 19200, unitID: 255 } as ConstructorParameters<typeof ServerSerial>[1]);
  server.on('error', () => {});
  server.on('socketError', () => {});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ServerSerial did not open ${path}`)), WAIT_MS);
    server.once('initialized', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

function watchDriver(config: Record<string, unknown>, items: DriverItem[], name = 'rtu', random?: () => number): DriverWatch {
  const driver = modbusDriverFactory.create(ModbusConfigSchema.parse({ pollMs: 100, timeoutMs: 500, ...config }), {
    deviceName: name,
    projectDir: '.',
    dataDir: '.',
    now: Date.now,
    ...(random ? { random } : {}),
  });
  const watch = new DriverWatch(driver, items);
  cleanups.push(() => watch.dispose());
  void driver.connect();
  return watch;
}

function fill(memory: ModbusMemory): DriverItem[] {
  const unit = memory.unit(3);
  unit.hr[10] = 1234;
  const float = Buffer.alloc(4);
  float.writeFloatBE(21.5);
  unit.hr.set([float.readUInt16BE(2), float.readUInt16BE(0)], 20);
  unit.co[5] = 1;
  unit.ir[2] = 99;
  return [
    { handle: 1, address: 'hr:10' },
    { handle: 2, address: 'hr:20', options: { type: 'float32', order: 'CDAB' } },
    { handle: 3, address: 'co:5' },
    { handle: 4, address: 'ir:2' },
  ];
}

async function readAndWrite(watch: DriverWatch, memory: ModbusMemory): Promise<void> {
  await watch.until(() => watch.latest.size === 4, 'first report');
  expect([1, 2, 3, 4].map((h) => [watch.value(h), watch.quality(h)])).toEqual([
    [1234, 'Good'],
    [21.5, 'Good'],
    [true, 'Good'],
    [99, 'Good'],
  ]);
  expect(await watch.driver.write('hr:20', -3.25, { options: { type: 'float32', order: 'CDAB' } })).toMatchObject({ ok: true });
  await watch.until(() => watch.value(2) === -3.25, 'the written float read back');
  expect(await watch.driver.write('co:5', false)).toMatchObject({ ok: true });
  expect(memory.unit(3).co[5]).toBe(0);
}

describe('modbus RTU against our own slave (modbus-serial ServerSerial)', () => {
  it('loads the native serial port binding and lists ports', async () => {
    const { autoDetect } = await import('@serialport/bindings-cpp');
    const binding = autoDetect();
    expect(Array.isArray(await binding.list())).toBe(true);
    const { SerialPort } = await import('serialport');
    expect(Array.isArray(await SerialPort.list())).toBe(true);
  });

  it('reads and writes RTU over a socat virtual serial pair', async () => {
    const [a, b] = await pair('own');
    expect(existsSync(a) && existsSync(b)).toBe(true);
    const memory = new ModbusMemory();
    const items = fill(memory);
    await serialServer(memory, b);
    await readAndWrite(watchDriver({ transport: 'rtu', path: a, baudRate: 19200, parity: 'none', unitId: 3 }, items), memory);
  });

  it('reads and writes RTU over TCP (socat bridging a TCP port to a serial line)', async () => {
    const port = await freePort();
    const line = `${base}-tcp`;
    const socat = await startSocat([`pty,raw,echo=0,link=${line}`, `tcp-listen:${port},bind=127.0.0.1,reuseaddr`], /listening on/);
    cleanups.push(() => socat.stop());
    const memory = new ModbusMemory();
    const items = fill(memory);
    await serialServer(memory, line);
    await readAndWrite(watchDriver({ transport: 'rtu-over-tcp', host: '127.0.0.1', port, unitId: 3 }, items), memory);
  });

  it('a serial port that does not exist is an error in words, retried', async () => {
    const watch = watchDriver({ transport: 'rtu', path: `${base}-missing`, reconnect: { minMs: 50, maxMs: 100 } }, [{ handle: 1, address: 'hr:0' }]);
    await watch.untilStatus('error');
    expect(watch.statuses.at(-1)?.error).toContain(`cannot connect to ${base}-missing (RTU 9600 8N1)`);
    await watch.until(() => watch.statuses.filter((s) => s.status === 'connecting').length >= 2, 'a second attempt');
  });
});

describe('modbus RTU against pymodbus (python3-pymodbus) over a socat pair', () => {
  it('a multidrop bus: three unit ids on one port, every type, FC22 and read-modify-write bits', async () => {
    const [a, b] = await pair('multi');
    const slave = await pymodbusOn(b, [1, 2, 3]);
    await slave.set(1, 'hr', 0, [4321]);
    await slave.set(2, 'hr', 0, [0x4049, 0x0fdb]); // float32 3.1415927 ABCD
    await slave.set(3, 'hr', 10, [0x1234, 0x5678]); // bcd32 12345678
    await slave.set(3, 'co', 2, [true]);
    const items: DriverItem[] = [
      { handle: 1, address: 'hr:0' },
      { handle: 2, address: 'hr:0', options: { unitId: 2, type: 'float32' } },
      { handle: 3, address: 'hr:10', options: { unitId: 3, type: 'bcd32' } },
      { handle: 4, address: 'co:2', options: { unitId: 3 } },
    ];
    const watch = watchDriver({ transport: 'rtu', path: a, baudRate: 19200, maskWriteRegister: true }, items);
    await watch.until(() => watch.latest.size === 4, 'first report of every unit');
    expect([1, 2, 3, 4].map((h) => [watch.value(h), watch.quality(h)])).toEqual([
      [4321, 'Good'],
      [Math.fround(3.1415927), 'Good'],
      [12345678, 'Good'],
      [true, 'Good'],
    ]);
    expect((watch.driver as ModbusDriver).units().map((u) => [u.unitId, u.state])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'ok'],
    ]);

    // FC22 on pymodbus: (current AND andMask) OR (orMask AND NOT andMask), one bit at a time.
    expect(await watch.driver.write('hr:0', true, { options: { bit: 3 } })).toEqual({ ok: true, value: undefined });
    expect(await watch.driver.write('hr:0', false, { options: { bit: 0 } })).toEqual({ ok: true, value: undefined });
    expect(await slave.get(1, 'hr', 0, 1)).toEqual([(4321 | 0b1000) & ~1]);
    // Writes land on their own unit: unit 2's register, not unit 1's.
    expect(await watch.driver.write('hr:5', 77, { options: { unitId: 2 }, dataType: 'uint16' })).toMatchObject({ ok: true });
    expect([await slave.get(1, 'hr', 5, 1), await slave.get(2, 'hr', 5, 1)]).toEqual([[0], [77]]);
    expect(await watch.driver.write('hr:10', 87654321, { options: { unitId: 3, type: 'bcd32' } })).toMatchObject({ ok: true });
    expect(await slave.get(3, 'hr', 10, 2)).toEqual([0x8765, 0x4321]);
  });

  it('one silent unit on the bus: its tags go Bad (no communication), the others keep their rate, and it comes back', async () => {
    const [a, b] = await pair('silent-unit');
    const slave = await pymodbusOn(b, [1, 2]);
    const items: DriverItem[] = [
      { handle: 1, address: 'hr:0' },
      { handle: 2, address: 'hr:0', options: { unitId: 2 } },
    ];
    // A try of the silent unit (300 ms) takes longer than the poll period (200 ms): asked every poll, it would halve the rate.
    // The backoff's jitter at the top of its window (799 ms), so the window below holds the polls it needs.
    const watch = watchDriver({ transport: 'rtu', path: a, baudRate: 19200, pollMs: 200, timeoutMs: 300, retries: 0, unitBackoff: { minMs: 800, maxMs: 800 } }, items, 'rtu', () => 0.999);
    const driver = watch.driver as ModbusDriver;
    const polls: number[] = [];
    const onPoll = new Set<() => void>();
    const polled = driver.onDidCompletePoll(() => {
      polls.push(performance.now());
      for (const check of [...onPoll]) check();
    });
    cleanups.push(() => polled.dispose());
    /** Checked after every poll: the unit's tries do not show as value changes. */
    const afterPolls = (check: () => boolean, what: string, ms: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => (onPoll.delete(waiter), reject(new Error(`no ${what} within ${ms} ms`))), ms);
        const waiter = () => check() && (clearTimeout(timer), onPoll.delete(waiter), resolve());
        onPoll.add(waiter);
      });
    await watch.until(() => watch.quality(1) === 'Good' && watch.quality(2) === 'Good', 'both units Good');
    await slave.silent(2, true);
    await watch.until(() => watch.quality(2) === 'BadNoCommunication', 'unit 2 Bad');
    expect(driver.units().find((u) => u.unitId === 2)).toMatchObject({ state: 'no-response', error: 'no response from unit 2' });
    expect(driver.status).toBe('ok');
    const from = polls.length;
    const windowStart = performance.now();
    await afterPolls(() => (driver.units().find((u) => u.unitId === 2)?.timeouts ?? 0) >= 4, 'unit 2 tried three more times', 10_000);
    const times = polls.slice(from);
    const gaps = times
      .slice(1)
      .map((t, i) => t - times[i]!)
      .sort((x, y) => x - y);
    // The unit is asked again at its backed-off rate (every 0.8 s), never each poll…
    expect(times.length).toBeGreaterThanOrEqual(8);
    // …and unit 1 keeps its rate: its polls come every 200 ms (median within 15 %), and at least 80 % of the
    // periods in the window have one (asked every poll, the silent unit would let through half).
    expect(Math.abs(gaps[Math.floor(gaps.length / 2)]! - 200)).toBeLessThan(30);
    expect(times.length / ((performance.now() - windowStart) / 200)).toBeGreaterThan(0.8);
    expect(watch.quality(1)).toBe('Good');
    await slave.silent(2, false);
    await watch.until(() => watch.quality(2) === 'Good', 'unit 2 back', 5000);
    expect(driver.units().find((u) => u.unitId === 2)?.state).toBe('ok');
  });

  it('the only slave goes silent with the port open: error in words, the port is released and reopened, then Good again', async () => {
    const [a, b] = await pair('silent-slave');
    const slave = await pymodbusOn(b, [5]);
    await slave.set(5, 'hr', 0, [42]);
    const watch = watchDriver({ transport: 'rtu', path: a, baudRate: 19200, unitId: 5, timeoutMs: 150, retries: 1, unitBackoff: { minMs: 100, maxMs: 300 } }, [{ handle: 1, address: 'hr:0' }]);
    await watch.until(() => watch.value(1) === 42, 'first value');
    await slave.silent(5, true);
    await watch.untilStatus('error', 3000);
    expect(watch.statuses.at(-1)?.error).toBe(`no answer in time from unit 5 on ${a} (RTU 19200 8N1)`);
    // It reconnects (closing and reopening the port) by itself, and never finds the port locked by itself.
    await watch.until(() => watch.statuses.filter((s) => s.status === 'connecting').length >= 3, 'two reconnects', 5000);
    await slave.set(5, 'hr', 0, [43]);
    await slave.silent(5, false);
    await watch.until(() => watch.value(1) === 43 && watch.driver.status === 'ok', 'Good again', 5000);
    expect(watch.statuses.map((s) => s.error ?? '').filter((e) => /lock/i.test(e))).toEqual([]);
  });

  it('two devices on one serial port share the link (a device per unit id); disconnecting one leaves the other polling', async () => {
    const [a, b] = await pair('shared');
    const slave = await pymodbusOn(b, [1, 2]);
    await slave.set(1, 'hr', 0, [11]);
    await slave.set(2, 'hr', 0, [22]);
    const bus = { transport: 'rtu', path: a, baudRate: 19200 };
    const first = watchDriver({ ...bus, unitId: 1 }, [{ handle: 1, address: 'hr:0' }], 'drive1');
    const second = watchDriver({ ...bus, unitId: 2 }, [{ handle: 1, address: 'hr:0' }], 'drive2');
    await first.until(() => first.value(1) === 11, 'device 1');
    await second.until(() => second.value(1) === 22, 'device 2');
    // Another baud rate on the same port is refused in words, without disturbing the bus.
    const odd = watchDriver({ ...bus, baudRate: 9600, unitId: 1, reconnect: { minMs: 50, maxMs: 50 } }, [{ handle: 1, address: 'hr:0' }], 'odd');
    await odd.untilStatus('error');
    expect(odd.statuses.at(-1)?.error).toContain(`serial ${a} is already open at 19200 8N1 for device drive1; every device on one bus uses the same settings (this one asks 9600 8N1)`);
    await odd.driver.disconnect();
    await first.driver.disconnect();
    await slave.set(2, 'hr', 0, [23]);
    await second.until(() => second.value(1) === 23, 'device 2 still polling');
  });
});
