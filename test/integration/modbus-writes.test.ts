import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../common/device.ts';
import { builtinDrivers } from '../../drivers/registry.ts';
import { DeviceManager } from '../../main/core/devices/device-manager.ts';
import { loadProject } from '../../main/core/project/project-loader.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter } from '../../main/core/tags/tag-writer.ts';
import { startPymodbus } from '../support/pymodbus.ts';
import { freePort, ModbusMemory, startServer } from './modbus-server.ts';
import { untilTags } from '../support/until.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Modbus TCP slave with units 1, 2 and 9, whoever implements it. */
interface Slave {
  port: number;
  setHr(unit: number, address: number, values: number[]): Promise<void>;
  getHr(unit: number, address: number, count: number): Promise<number[]>;
  silent(unit: number, on: boolean): Promise<void>;
  /** Function codes of the write requests it saw, when it can tell (our own server). */
  writes?(): string[];
}

const SLAVES: Record<string, () => Promise<Slave>> = {
  'our own server (modbus-serial ServerTCP)': async () => {
    const memory = new ModbusMemory();
    const server = await startServer(memory, await freePort());
    cleanups.push(() => server.close());
    return {
      port: server.port,
      setHr: async (unit, address, values) => void memory.unit(unit).hr.set(values, address),
      getHr: async (unit, address, count) => [...memory.unit(unit).hr.subarray(address, address + count)],
      silent: async (unit, on) => void (on ? memory.silentUnits.add(unit) : memory.silentUnits.delete(unit)),
      writes: () => memory.log.filter((r) => r.kind.startsWith('fc')).map((r) => r.kind),
    };
  },
  'pymodbus (python3-pymodbus)': async () => {
    const port = await freePort();
    const server = await startPymodbus({ kind: 'tcp', port }, [1, 2, 9]);
    cleanups.push(() => server.stop());
    return {
      port,
      setHr: (unit, address, values) => server.set(unit, 'hr', address, values),
      getHr: async (unit, address, count) => (await server.get(unit, 'hr', address, count)) as number[],
      silent: (unit, on) => server.silent(unit, on),
    };
  },
};

/** The app's own pieces (loader, tag engine, device manager, tag writer) over a project with one Modbus device. */
async function app(port: number, tags: unknown[], config: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-modbus-writes-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'tags'));
  const device = { name: 'plc', driver: 'modbus', config: { host: '127.0.0.1', port, pollMs: 100, timeoutMs: 300, ...config } };
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Writes', plant: { name: 'Test', timeZone: 'UTC' }, devices: [device] }));
  await writeFile(join(dir, 'tags', 'plc.json'), JSON.stringify({ tags }));
  const loaded = await loadProject(dir, builtinDrivers());
  if (!loaded.ok) throw new Error(loaded.error.message);
  const clock = { now: () => Date.now() };
  const engine = new TagEngine(loaded.value.tags, clock);
  cleanups.push(() => engine.dispose());
  const devices = new DeviceManager(loaded.value.devices, engine, clock, { projectDir: dir, dataDir: dir });
  cleanups.push(() => devices.stop());
  const statuses: DeviceInfo[] = [];
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the device did not connect within 5 s')), 5000);
    devices.onDidChangeStatus((info) => {
      statuses.push(info);
      if (info.status === 'ok') (clearTimeout(timer), resolve());
    });
  });
  const writer = new TagWriter(engine, devices, clock);
  await devices.start();
  await connected;
  const value = (path: string) => engine.slot(path)!.current;
  /** Resolves when `check` holds after some engine update (bounded). */
  const until = (check: () => boolean, what: string, ms = 5000) => untilTags(engine, check, what, ms);
  return { engine, devices, writer, value, until, statuses, warnings: loaded.value.warnings };
}

const writable = (path: string, dataType: string, address: string, options?: Record<string, unknown>) => ({
  path,
  dataType,
  writable: true,
  source: { device: 'plc', address, ...(options ? { options } : {}) },
});

describe.each(Object.keys(SLAVES))('modbus writes against %s', (name) => {
  it("a write goes to the tag's own unit, register, bit, type and order, never to another tag's on that address", async () => {
    const slave = await SLAVES[name]!();
    await slave.setHr(1, 20, [4321]);
    const { writer, value, until } = await app(slave.port, [
      // A whole-register tag on hr:20 comes first in the file: the bit tag's write must not take its options.
      writable('Pump/StatusWord', 'uint16', 'hr:20'),
      writable('Pump/Run', 'bool', 'hr:20', { bit: 3 }),
      writable('Drive2/Setpoint', 'uint16', 'hr:10', { unitId: 2 }),
      writable('Drive1/Setpoint', 'uint16', 'hr:10'),
      writable('Line/Flow', 'float32', 'hr:30', { order: 'CDAB' }),
    ]);
    await until(() => value('Pump/StatusWord').value === 4321, 'the first poll');

    expect(await writer.write('Drive2/Setpoint', 500)).toMatchObject({ ok: true });
    expect([await slave.getHr(2, 10, 1), await slave.getHr(1, 10, 1)]).toEqual([[500], [0]]);
    expect(await writer.write('Pump/Run', true)).toMatchObject({ ok: true });
    expect(await slave.getHr(1, 20, 1)).toEqual([4321 | 0b1000]);
    await until(() => value('Pump/Run').value === true && value('Pump/StatusWord').value === 4329, 'both tags read the written bit');
    expect(await writer.write('Line/Flow', 12.5)).toMatchObject({ ok: true });
    expect(await slave.getHr(1, 30, 2)).toEqual([0x0000, 0x4148]);
    await until(() => value('Line/Flow').value === 12.5, 'the float read back');
  });

  it('concurrent writes to different bits of one register are never lost (read-modify-write under the register lock)', async () => {
    const slave = await SLAVES[name]!();
    const tags = Array.from({ length: 16 }, (_, bit) => writable(`Valves/V${bit}`, 'bool', 'hr:40', { bit }));
    // Several requests in flight at once on our own server: without the lock two writes would read the same old value.
    const { writer } = await app(slave.port, tags, { maxConcurrentRequests: name.startsWith('our') ? 4 : 1 });
    await slave.setHr(1, 40, [0]);
    const set = await Promise.all(tags.map((t) => writer.write(t.path, true)));
    expect(set.every((r) => r.ok)).toBe(true);
    expect(await slave.getHr(1, 40, 1)).toEqual([0xffff]);
    const odd = await Promise.all(tags.filter((_, bit) => bit % 2 === 1).map((t) => writer.write(t.path, false)));
    expect(odd.every((r) => r.ok)).toBe(true);
    expect(await slave.getHr(1, 40, 1)).toEqual([0x5555]);
  });

  it('a unit that does not answer: its tags Bad (no communication), the other units keep their rate, the Devices view hears it', async () => {
    const slave = await SLAVES[name]!();
    await slave.setHr(1, 0, [1]);
    await slave.setHr(9, 0, [9]);
    const { value, until, devices, statuses } = await app(slave.port, [writable('Drive1/Speed', 'uint16', 'hr:0'), writable('Drive9/Speed', 'uint16', 'hr:0', { unitId: 9 })], {
      timeoutMs: 200,
      retries: 0,
      unitBackoff: { minMs: 500, maxMs: 1000 },
    });
    await until(() => value('Drive9/Speed').value === 9 && value('Drive1/Speed').quality === 'Good', 'both units');
    await slave.silent(9, true);
    await until(() => value('Drive9/Speed').quality === 'BadNoCommunication', 'unit 9 Bad');
    expect(statuses.at(-1)?.units?.find((u) => u.unitId === 9)).toMatchObject({ state: 'no-response', error: 'no response from unit 9' });
    // Unit 1 is still read every 100 ms: ten changes in little more than a second.
    const started = performance.now();
    for (let i = 2; i <= 11; i++) {
      await slave.setHr(1, 0, [i]);
      await until(() => value('Drive1/Speed').value === i, `unit 1 value ${i}`, 1000);
    }
    expect(performance.now() - started).toBeLessThan(2000);
    expect(devices.get('plc')).toMatchObject({
      status: 'ok',
      units: [
        { unitId: 1, state: 'ok' },
        { unitId: 9, state: 'no-response' },
      ],
    });
    await slave.silent(9, false);
    await until(() => value('Drive9/Speed').quality === 'Good', 'unit 9 back', 5000);
    expect(statuses.at(-1)?.units?.find((u) => u.unitId === 9)?.state).toBe('ok');
  });
});

describe('FC22 (Mask Write Register), a device option', () => {
  it('pymodbus implements it: one request sets or clears the bit and keeps the others, by the spec', async () => {
    const port = await freePort();
    const server = await startPymodbus({ kind: 'tcp', port }, [1]);
    cleanups.push(() => server.stop());
    await server.set(1, 'hr', 5, [0b1010_1010_0101_0101]);
    const { writer } = await app(port, [writable('A/Bit0', 'bool', 'hr:5', { bit: 0 }), writable('A/Bit1', 'bool', 'hr:5', { bit: 1 }), writable('A/Bit15', 'bool', 'hr:5.15')], { maskWriteRegister: true });
    expect(await Promise.all([writer.write('A/Bit0', false), writer.write('A/Bit1', true), writer.write('A/Bit15', false)])).toMatchObject([{ ok: true }, { ok: true }, { ok: true }]);
    expect(await server.get(1, 'hr', 5, 1)).toEqual([0b0010_1010_0101_0110]);
  });

  it('our own server has no FC22: the refusal says so and how to fall back', async () => {
    const memory = new ModbusMemory();
    const server = await startServer(memory, await freePort());
    cleanups.push(() => server.close());
    memory.unit(1).hr[5] = 7;
    const { writer } = await app(server.port, [writable('A/Bit3', 'bool', 'hr:5', { bit: 3 })], { maskWriteRegister: true });
    const refused = await writer.write('A/Bit3', true);
    expect(refused).toMatchObject({ ok: false, error: { code: 'config-error', message: 'plc refused the write to hr:5: Modbus exception 1 (illegal function); if the device has no FC22, set maskWriteRegister to false' } });
    expect(memory.unit(1).hr[5]).toBe(7);
  });
});
