import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { DeviceManager } from '../../main/core/devices/device-manager.ts';
import { loadProject } from '../../main/core/project/project-loader.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TestClient } from '../support/ws-client.ts';
import { freePort, ModbusMemory, startServer } from './modbus-server.ts';
import { untilTags } from '../support/until.ts';
import { startTestRuntime } from '../support/runtime.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function project(port: number, tags: unknown[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-modbus-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'tags'));
  const device = { name: 'plc', driver: 'modbus', config: { host: '127.0.0.1', port, pollMs: 100, pollGroups: { fast: { rateMs: 50 } }, order: 'CDAB' } };
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Modbus test', plant: { name: 'Test', timeZone: 'UTC' }, devices: [device] }));
  await writeFile(join(dir, 'tags', 'plc.json'), JSON.stringify({ tags }));
  return dir;
}

describe('modbus devices in a project', () => {
  it('loads, polls into the tag engine, marks tags not connected while the server is down and recovers', async () => {
    const memory = new ModbusMemory();
    const float = Buffer.alloc(4);
    float.writeFloatBE(42.5);
    memory.unit(1).hr.set([float.readUInt16BE(2), float.readUInt16BE(0)], 10); // CDAB, the device default
    memory.unit(1).co[0] = 1;
    const port = await freePort();
    let server = await startServer(memory, port);
    cleanups.push(() => server.close());
    const dir = await project(port, [
      { path: 'Line1/Level', dataType: 'float32', source: { device: 'plc', address: '40011', options: { type: 'float32', pollGroup: 'fast' } } },
      { path: 'Line1/Running', dataType: 'bool', source: { device: 'plc', address: 'co:0' } },
    ]);
    const loaded = await loadProject(dir, builtinDrivers());
    if (!loaded.ok) throw new Error(loaded.error.message);
    const clock = { now: () => Date.now() };
    const engine = new TagEngine(loaded.value.tags, clock);
    cleanups.push(() => engine.dispose());
    const devices = new DeviceManager(loaded.value.devices, engine, clock, { projectDir: dir, dataDir: dir });
    cleanups.push(() => devices.stop());
    await devices.start();
    const level = () => engine.slot('Line1/Level')!.current;
    const running = () => engine.slot('Line1/Running')!.current;

    await untilTags(engine, () => level().quality === 'Good' && running().quality === 'Good', 'good values', 5000);
    expect([level().value, running().value]).toEqual([42.5, true]);

    await server.close();
    await untilTags(engine, () => level().quality === 'BadNotConnected' && running().quality === 'BadNotConnected', 'BadNotConnected', 2000);
    expect(devices.get('plc')).toMatchObject({ status: 'error' });
    expect(devices.get('plc')?.lastError).toBeTruthy();

    server = await startServer(memory, port);
    await untilTags(engine, () => level().quality === 'Good' && running().quality === 'Good', 'recovery', 5000);
    expect(await devices.write('plc', '40011', 7.25, { options: { type: 'float32', pollGroup: 'fast' }, dataType: 'float32' })).toMatchObject({ ok: true });
    await untilTags(engine, () => level().value === 7.25, 'the written value', 5000);
    expect(devices.get('plc')?.stats?.requests).toBeGreaterThan(0);
  });

  it('refuses a tag with a bad option, naming the file and the option', async () => {
    const dir = await project(502, [{ path: 'Line1/X', dataType: 'float32', source: { device: 'plc', address: 'hr:1', options: { type: 'float32', order: 'ABDC' } } }]);
    const loaded = await loadProject(dir, builtinDrivers());
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.message).toContain('order must be one of ABCD, CDAB, BADC, DCBA');
      expect(loaded.error.path ?? '').toContain('options.order');
    }
  });

  it('overlapping tags with different types load, and the loader, the log and the device info name both; an edit clears it', async () => {
    const memory = new ModbusMemory();
    const server = await startServer(memory, await freePort());
    cleanups.push(() => server.close());
    const dir = await project(server.port, [
      { path: 'Line1/Flow', dataType: 'float32', source: { device: 'plc', address: 'hr:10' } },
      { path: 'Line1/FlowLow', dataType: 'uint16', source: { device: 'plc', address: 'hr:11' } },
      { path: 'Line1/Status', dataType: 'uint16', source: { device: 'plc', address: 'hr:20' } },
      { path: 'Line1/Running', dataType: 'bool', source: { device: 'plc', address: 'hr:20', options: { bit: 0 } } },
    ]);
    const expected = 'tags Line1/Flow (hr:10 as float32 CDAB) and Line1/FlowLow (hr:11 as uint16) overlap at unit 1 holding register 11: both read, each its own way, and a write through one changes the other';
    const loaded = await loadProject(dir, builtinDrivers());
    expect(loaded.ok && loaded.value.warnings).toEqual([{ file: 'project.json', field: 'devices[0]', message: expected, severity: 'warning' }]);

    const lines: string[] = [];
    const runtime = await startTestRuntime({ projectDir: dir, dataDir: join(dir, 'data'), token: 'modbus-project-token-0123456789', log: (line) => lines.push(line), seedUsers: false });
    cleanups.push(() => runtime.dispose());
    expect(lines.filter((line) => line.includes(expected))).toEqual([`warn project: project.json: devices[0]: ${expected}`]);
    expect(runtime.devices.get('plc')?.warnings).toEqual([expected]);
    // Both tags still read, each its own way.
    memory.unit(1).hr.set([0x0000, 0x4148], 10);
    await untilTags(runtime.engine, () => runtime.engine.slot('Line1/Flow')!.current.value === 12.5 && runtime.engine.slot('Line1/FlowLow')!.current.value === 0x4148, 'both readings', 5000);

    // Over the gateway: the Devices view's list carries the warning and the units, the tag form resolves addresses.
    const client = await TestClient.connect(runtime.url, 'modbus-project-token-0123456789');
    cleanups.push(() => client.close());
    const listed = (await client.call('devices.list', {})).find((d) => d.name === 'plc');
    expect(listed).toMatchObject({ warnings: [expected], units: [{ unitId: 1, state: 'ok' }] });
    expect(await client.call('devices.describeAddress', { device: 'plc', address: '40011', options: { bit: 3 }, dataType: 'bool' })).toEqual({
      ok: true,
      text: 'unit 1 · holding register 10 (400011.3) · bit 3 · read FC3 · write FC3 + FC6 (read-modify-write)',
    });
    expect(await client.call('devices.describeAddress', { device: 'plc', address: 'hr:1x', dataType: 'uint16' })).toEqual({
      ok: false,
      text: "'hr:1x' at column 5: unexpected 'x' after the address: write hr:<n>, ir:<n>, co:<n> or di:<n> (zero-based), or a Modicon reference such as 40001",
    });
    expect((await client.request('devices.describeAddress', { device: 'nope', address: 'hr:1', dataType: 'uint16' })).error).toMatchObject({ code: 'not-found' });
    const metrics = await (await fetch(`${runtime.url}/metrics`, { headers: { Authorization: 'Bearer modbus-project-token-0123456789' } })).text();
    expect(metrics).toContain('lineside_device_unit_answering{device="plc",unit="1"} 1');

    const changed = await runtime.config.saveTag({ path: 'Line1/FlowLow', dataType: 'uint16', source: { device: 'plc', address: 'hr:12' } });
    expect(changed).toMatchObject({ ok: true });
    expect(runtime.devices.get('plc')?.warnings).toBeUndefined();
  });
});
