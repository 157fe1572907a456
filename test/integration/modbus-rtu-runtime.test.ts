import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../common/device.ts';
import { killAll, runNodeScript } from '../support/cli-process.ts';
import { startPymodbus, type PymodbusServer } from '../support/pymodbus.ts';
import { serialPair } from '../support/socat.ts';
import { TestClient } from '../support/ws-client.ts';
import { untilTags } from '../support/until.ts';
import { startTestRuntime } from '../support/runtime.ts';

const ROOT = join(import.meta.dirname, '../..');
const TOKEN = 'modbus-rtu-runtime-token-0123456789';
const base = `/tmp/lineside-rtu-runtime-${process.pid}`;
const cleanups: (() => unknown)[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  await killAll(children);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A serial pair with pymodbus answering units 1 and 2 on one end; the runtime's device opens the other. */
async function bus(name: string): Promise<{ port: string; slave: PymodbusServer }> {
  const [a, b] = [`${base}-${name}-a`, `${base}-${name}-b`];
  const socat = await serialPair(a, b);
  cleanups.push(() => socat.stop());
  const slave = await startPymodbus({ kind: 'rtu', path: b, baudRate: 19200 }, [1, 2]);
  cleanups.push(() => slave.stop());
  await slave.set(1, 'hr', 0, [101]);
  await slave.set(2, 'hr', 0, [202]);
  return { port: a, slave };
}

const device = (port: string, more: Record<string, unknown> = {}) => ({
  name: 'bus',
  driver: 'modbus',
  config: { transport: 'rtu', path: port, baudRate: 19200, pollMs: 100, timeoutMs: 200, retries: 0, unitBackoff: { minMs: 200, maxMs: 400 }, ...more },
});

async function project(port: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-rtu-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'tags'));
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'RTU bus', plant: { name: 'Test', timeZone: 'UTC' }, devices: [device(port)] }));
  const tags = [
    { path: 'Drive1/Speed', dataType: 'uint16', source: { device: 'bus', address: 'hr:0' } },
    { path: 'Drive2/Speed', dataType: 'uint16', source: { device: 'bus', address: 'hr:0', options: { unitId: 2 } } },
  ];
  await writeFile(join(dir, 'tags', 'bus.json'), JSON.stringify({ tags }));
  return dir;
}

/** Opening the port ourselves (serialport locks it) succeeds only when nobody holds it. */
async function portIsFree(path: string): Promise<true | string> {
  const port = new SerialPort({ path, baudRate: 19200, autoOpen: false });
  const opened = await new Promise<Error | null>((resolve) => port.open((error) => resolve(error)));
  if (opened) return opened.message;
  await new Promise<void>((resolve) => port.close(() => resolve()));
  return true;
}

describe('modbus RTU in the running app', () => {
  it('an edit of the device in the app releases the port and the new settings take it over, healthy or with a silent slave', async () => {
    const { port, slave } = await bus('edit');
    const dir = await project(port);
    const statuses: DeviceInfo[] = [];
    const runtime = await startTestRuntime({ projectDir: dir, dataDir: join(dir, 'data'), token: TOKEN, seedUsers: false });
    cleanups.push(() => runtime.dispose());
    runtime.devices.onDidChangeStatus((info) => statuses.push(info));
    const value = (path: string) => runtime.engine.slot(path)!.current;
    await untilTags(runtime.engine, () => value('Drive1/Speed').value === 101 && value('Drive2/Speed').value === 202, 'both drives', 5000);

    expect(await runtime.config.saveDevice(device(port, { pollMs: 150, timeoutMs: 250 }))).toMatchObject({ ok: true });
    await slave.set(1, 'hr', 0, [111]);
    await untilTags(runtime.engine, () => value('Drive1/Speed').value === 111 && value('Drive1/Speed').quality === 'Good', 'the edited device polling', 5000);

    // Both units silent: the device goes error (no answer) and reconnects; an edit meanwhile still frees the port.
    await slave.silent(1, true);
    await slave.silent(2, true);
    await untilTags(runtime.engine, () => value('Drive1/Speed').quality === 'BadNotConnected', 'the silent bus', 5000);
    expect(runtime.devices.get('bus')?.lastError).toBe(`no answer in time from units 1, 2 on ${port} (RTU 19200 8N1)`);
    expect(await runtime.config.saveDevice(device(port, { pollMs: 120 }))).toMatchObject({ ok: true });
    await slave.set(2, 'hr', 0, [222]);
    await slave.silent(1, false);
    await slave.silent(2, false);
    await untilTags(runtime.engine, () => value('Drive2/Speed').value === 222 && value('Drive1/Speed').quality === 'Good', 'Good again after the edit', 5000);
    expect(statuses.map((s) => s.lastError ?? '').filter((e) => /lock/i.test(e))).toEqual([]);
    expect(runtime.devices.get('bus')?.units?.map((u) => [u.unitId, u.state])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
    ]);

    await runtime.dispose();
    expect(await portIsFree(port)).toBe(true);
  }, 60_000);

  it('npm run serve with an RTU device: SIGTERM stops it within 2 s, with a unit silent, and the port is free', async () => {
    const { port, slave } = await bus('serve');
    const dir = await project(port);
    const run = runNodeScript(join(ROOT, 'main/headless.ts'), ['--project', dir, '--port', '0'], { cwd: ROOT, env: { ...process.env, LINESIDE_TOKEN: TOKEN } });
    children.push(run.child);
    const [, origin] = await run.waitFor(/at (http:\/\/127\.0\.0\.1:\d+) \(station token: LINESIDE_TOKEN/);
    const client = await TestClient.connect(origin!, TOKEN);
    cleanups.push(() => client.close());
    const silentUnit = client.waitForEvent('devices.status', (d) => d.name === 'bus' && d.units?.some((u) => u.unitId === 2 && u.state === 'no-response') === true, 10_000);
    const devices = await client.call('devices.list', {});
    expect(devices.find((d) => d.name === 'bus')?.driver).toBe('modbus');
    await slave.silent(2, true);
    const info = await silentUnit;
    expect(info).toMatchObject({
      status: 'ok',
      units: [
        { unitId: 1, state: 'ok' },
        { unitId: 2, state: 'no-response', error: 'no response from unit 2' },
      ],
    });
    expect(await portIsFree(port)).toMatch(/lock/i);

    const stopped = performance.now();
    run.child.kill('SIGTERM');
    const code = await run.exited;
    expect(performance.now() - stopped).toBeLessThan(2000);
    expect(code).toBe(0);
    expect(run.output()).toMatch(/SIGTERM: shutting down\s+stopped/);
    expect(await portIsFree(port)).toBe(true);
    // Starting a headless process (TypeScript compiled on the fly) takes long on a loaded machine.
  }, 120_000);
});
