import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../common/device.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { untilTags } from '../support/until.ts';

const quality = (example: ExampleRuntime, path: string) => example.engine.slot(path)?.current.quality;

/** Every file of the project folder and its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const sub of ['', 'tags', 'alarms']) {
    for (const name of await readdir(join(dir, sub))) {
      if (name.endsWith('.json')) files.set(join(sub, name), await readFile(join(dir, sub, name), 'utf8'));
    }
  }
  return files;
}

const OPCUA_TAG = 'Demo/Counter';
const MODBUS_TAG = 'Line1/Tank101/Temperature';

describe('configuration edits applied live to the example plant', () => {
  let example: ExampleRuntime;
  let client: TestClient;

  beforeAll(async () => {
    example = await startExample();
    client = await (await TestClient.connect(example.url, example.token)).loginAs('operator');
    await untilTags(example.engine, () => quality(example, OPCUA_TAG) === 'Good' && quality(example, MODBUS_TAG) === 'Good', 'both devices Good');
  });

  afterAll(async () => {
    await client?.close();
    await example?.dispose();
  });

  it('refuses changes from a person without the permission (an operator)', async () => {
    const before = await snapshot(example.projectDir);
    const reply = await client.request('config.tags.save', { tag: { path: 'X/Y', dataType: 'bool', source: { device: 'plant-modbus', address: 'co:0' } } });
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe('forbidden');
    expect(reply.error?.message).toMatch(/operator.*lacks the permission tags\.configure/);
    expect(await snapshot(example.projectDir)).toEqual(before);
  });

  it('serves the configuration over REST: CSV and lists for the station token, changes only for API tokens with the scope', async () => {
    const headers = { Authorization: `Bearer ${example.token}`, 'Content-Type': 'application/json' };
    const csv = (await (await fetch(`${example.url}/api/v1/config/tags/csv?device=plant-modbus`, { headers })).json()) as { csv: string; rows: number };
    expect(csv.csv.split('\n')[0]).toMatch(/^path,device,address,dataType,/);
    expect(csv.csv).toContain('Line1/Tank101/Level,plant-modbus,hr:0,float64');
    const devices = (await (await fetch(`${example.url}/api/v1/config/devices`, { headers })).json()) as { devices: { definition: { name: string } }[]; drivers: string[] };
    expect(devices.devices.map((d) => d.definition.name)).toEqual(['plant-opcua', 'plant-modbus']);
    expect(devices.drivers).toContain('modbus');
    const put = await fetch(`${example.url}/api/v1/config/tags`, { method: 'PUT', headers, body: JSON.stringify({ tag: { path: 'A/B', dataType: 'bool', source: { device: 'plant-modbus', address: 'co:5' } } }) });
    expect(put.status).toBe(403);
    const imported = await fetch(`${example.url}/api/v1/config/tags/csv`, { method: 'POST', headers, body: JSON.stringify({ csv: csv.csv }) });
    expect(imported.status).toBe(403);
    const openapi = (await (await fetch(`${example.url}/api/v1/openapi.json`, { headers })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(openapi.paths['/api/v1/config/tags']!)).toEqual(['get', 'put']);
    expect(Object.keys(openapi.paths['/api/v1/config/tags/csv']!)).toEqual(['get', 'post']);
  });

  it('changes the Modbus unit id: only that device reconnects while the OPC UA tags keep updating', async () => {
    const statuses: DeviceInfo[] = [];
    const listening = example.devices.onDidChangeStatus((info) => statuses.push(info));
    const project = JSON.parse(await readFile(join(example.projectDir, 'project.json'), 'utf8')) as { devices: Record<string, unknown>[] };
    const modbus = project.devices.find((d) => d['name'] === 'plant-modbus')!;
    const config = modbus['config'] as Record<string, unknown>;

    // The plant answers unit 1 only: unit 2 gets no answer, so the Modbus tags go bad.
    const changed = await example.config.saveDevice({ ...modbus, config: { ...config, unitId: 2, timeoutMs: 300, retries: 0 } });
    expect(changed.ok && changed.value.devices).toEqual(['plant-modbus']);
    const written = await readFile(join(example.projectDir, 'project.json'), 'utf8');
    expect(written.endsWith('}\n')).toBe(true);
    expect(written).toContain('\n  "devices": [\n    {\n      "name": "plant-opcua"');
    expect(JSON.parse(written).devices[1].config.unitId).toBe(2);
    await untilTags(example.engine, () => quality(example, MODBUS_TAG) !== 'Good', 'the Modbus tags bad', 10_000);

    const counter = example.engine.slot(OPCUA_TAG)!.current.value as number;
    await untilTags(example.engine, () => (example.engine.slot(OPCUA_TAG)!.current.value as number) > counter, 'the OPC UA counter still counting');
    expect(quality(example, OPCUA_TAG)).toBe('Good');

    const back = await example.config.saveDevice(modbus);
    expect(back.ok).toBe(true);
    await untilTags(example.engine, () => quality(example, MODBUS_TAG) === 'Good', 'the Modbus tags Good again');
    listening.dispose();
    expect(new Set(statuses.map((s) => s.name))).toEqual(new Set(['plant-modbus']));
    expect(statuses.some((s) => s.status === 'connecting' || s.status === 'off')).toBe(true);
  });

  it('adds a Modbus tag: clients are told, it is listed, and its value arrives', async () => {
    const told = client.waitForEvent('config.changed', (c) => c.added.includes('Line1/Tank101/LevelRaw'));
    const added = await example.config.saveTag({ path: 'Line1/Tank101/LevelRaw', description: 'LT101 raw counts', dataType: 'int16', source: { device: 'plant-modbus', address: 'hr:0' } }, 'extra');
    expect(added.ok && added.value).toMatchObject({ added: ['Line1/Tank101/LevelRaw'], devices: [], retagged: ['plant-modbus'] });
    expect((await told).revision).toBeGreaterThan(0);
    const list = await client.call('tags.list', { prefix: 'Line1/Tank101' });
    expect(list.map((t) => t.path)).toContain('Line1/Tank101/LevelRaw');
    await untilTags(example.engine, () => quality(example, 'Line1/Tank101/LevelRaw') === 'Good', 'the new tag Good');
    const raw = example.engine.slot('Line1/Tank101/LevelRaw')!.current.value as number;
    expect(Number.isInteger(raw)).toBe(true);
    expect(await readFile(join(example.projectDir, 'tags', 'extra.json'), 'utf8')).toBe(
      `${JSON.stringify({ tags: [{ path: 'Line1/Tank101/LevelRaw', description: 'LT101 raw counts', dataType: 'int16', source: { device: 'plant-modbus', address: 'hr:0' } }] }, null, 2)}\n`,
    );
  });

  it('refuses invalid changes naming the field, with the files byte-identical and the runtime unchanged', async () => {
    const before = await snapshot(example.projectDir);
    const count = example.engine.tagCount;
    const bad = await example.config.saveTag({ path: 'Line1/Tank101/Bad', dataType: 'uint16', source: { device: 'plant-modbus', address: 'hr:70000' } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.path).toBe('tag.source.address');
    const badDevice = await example.config.saveDevice({ name: 'plant-modbus', driver: 'modbus', config: { transport: 'tcp', port: 502 } });
    expect(!badDevice.ok && badDevice.error.path).toMatch(/^device\.config/);
    const typeBreaksAlarm = await example.config.saveTag({
      ...(await example.config.listTags()).find((t) => t.definition['path'] === 'Line1/Tank101/Level')!.definition,
      dataType: 'bool',
      scaling: undefined,
      range: undefined,
    });
    expect(!typeBreaksAlarm.ok && typeBreaksAlarm.error.message).toMatch(/alarms would break/);
    const usedByAlarms = await example.config.deleteTag('Line1/Tank101/Level');
    expect(!usedByAlarms.ok && usedByAlarms.error.message).toMatch(/alarms would break: .*Line1\/Tank101\/Level/);
    const withTags = await example.config.deleteDevice('plant-modbus', false);
    expect(!withTags.ok && withTags.error.message).toMatch(/still has \d+ tag\(s\)/);
    // Asked to take its tags along: refused all the same, since alarms read them, naming the alarms.
    const alongWithTags = await example.config.deleteDevice('plant-modbus', true);
    expect(!alongWithTags.ok && alongWithTags.error.message).toMatch(/alarms would break: Line1\/Tank101\/Level\/\w+ \(tag: no tag Line1\/Tank101\/Level\)/);
    expect(await snapshot(example.projectDir)).toEqual(before);
    expect(example.engine.tagCount).toBe(count);
    expect(example.devices.list().map((d) => d.name)).toEqual(['plant-opcua', 'plant-modbus']);
    expect(quality(example, MODBUS_TAG)).toBe('Good');
  });

  it('deletes a tag: its subscribers see a configuration error and it is no longer listed', async () => {
    const sub = await client.call('tags.subscribe', { paths: ['Line1/Tank101/LevelRaw'], maxRateMs: 20 });
    const bad = client.waitFor((f) => f.event === 'tags.changed' && JSON.stringify(f.data).includes('BadConfigurationError'));
    const deleted = await example.config.deleteTag('Line1/Tank101/LevelRaw');
    expect(deleted.ok && deleted.value.removed).toEqual(['Line1/Tank101/LevelRaw']);
    await bad;
    expect((await client.call('tags.list', {})).some((t) => t.path === 'Line1/Tank101/LevelRaw')).toBe(false);
    await client.call('tags.unsubscribe', { subscriptionId: sub.subscriptionId });
    expect(JSON.parse(await readFile(join(example.projectDir, 'tags', 'extra.json'), 'utf8'))).toEqual({ tags: [] });
  });
});
