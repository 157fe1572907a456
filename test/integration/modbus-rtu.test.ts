import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServerSerial } from 'modbus-serial';
import type { DriverItem } from '../../drivers/api.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { modbusDriverFactory } from '../../drivers/modbus/modbus-driver.ts';
import { freePort, ModbusMemory } from './modbus-server.ts';
import { DriverWatch } from './modbus-watch.ts';

const WAIT_MS = 5000;
const base = `/tmp/lineside-modbus-${process.pid}`;
const children: ChildProcess[] = [];
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await Promise.all(children.splice(0).map((child) => stop(child)));
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts socat and resolves once its log says `ready` (its links or listener exist), bounded. */
function socat(args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn('socat', ['-d', '-d', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => done(new Error(`socat not ready within ${WAIT_MS} ms:\n${log}`)), WAIT_MS);
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stderr?.removeListener('data', onData);
      if (error) reject(error);
      else resolve(child);
    };
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (ready.test(log)) done();
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => done(new Error(`socat exited (${code}):\n${log}`)));
  });
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

function watchDriver(config: Record<string, unknown>, items: DriverItem[]): DriverWatch {
  const driver = modbusDriverFactory.create(ModbusConfigSchema.parse({ pollMs: 100, timeoutMs: 500, ...config }), {
    deviceName: 'rtu', projectDir: '.', dataDir: '.', now: Date.now,
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
  expect([1, 2, 3, 4].map((h) => [watch.value(h), watch.quality(h)])).toEqual([[1234, 'Good'], [21.5, 'Good'], [true, 'Good'], [99, 'Good']]);
  expect(await watch.driver.write('hr:20', -3.25, { options: { type: 'float32', order: 'CDAB' } })).toMatchObject({ ok: true });
  await watch.until(() => watch.value(2) === -3.25, 'the written float read back');
  expect(await watch.driver.write('co:5', false)).toMatchObject({ ok: true });
  expect(memory.unit(3).co[5]).toBe(0);
}

describe('modbus serial', () => {
  it('loads the native serial port binding and lists ports', async () => {
    const { autoDetect } = await import('@serialport/bindings-cpp');
    const binding = autoDetect();
    const ports = await binding.list();
    expect(Array.isArray(ports)).toBe(true);
    const { SerialPort } = await import('serialport');
    expect(Array.isArray(await SerialPort.list())).toBe(true);
  });

  it('reads and writes RTU over a socat virtual serial pair', async () => {
    const [a, b] = [`${base}-a`, `${base}-b`];
    await socat([`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], /starting data transfer loop/);
    expect(existsSync(a) && existsSync(b)).toBe(true);
    const memory = new ModbusMemory();
    const items = fill(memory);
    await serialServer(memory, b);
    const watch = watchDriver({ transport: 'rtu', path: a, baudRate: 19200, parity: 'none', unitId: 3 }, items);
    await readAndWrite(watch, memory);
  });

  it('reads and writes RTU over TCP (socat bridging a TCP port to a serial line)', async () => {
    const port = await freePort();
    const line = `${base}-c`;
    await socat([`pty,raw,echo=0,link=${line}`, `tcp-listen:${port},bind=127.0.0.1,reuseaddr`], /listening on/);
    const memory = new ModbusMemory();
    const items = fill(memory);
    await serialServer(memory, line);
    const watch = watchDriver({ transport: 'rtu-over-tcp', host: '127.0.0.1', port, unitId: 3 }, items);
    await readAndWrite(watch, memory);
  });

  it('a serial port that does not exist is an error in words, retried', async () => {
    const watch = watchDriver({ transport: 'rtu', path: `${base}-missing`, reconnect: { minMs: 50, maxMs: 100 } }, [{ handle: 1, address: 'hr:0' }]);
    await watch.untilStatus('error');
    expect(watch.statuses.at(-1)?.error).toContain(`cannot connect to ${base}-missing (RTU 9600 8N1)`);
    await watch.until(() => watch.statuses.filter((s) => s.status === 'connecting').length >= 2, 'a second attempt');
  });
});
