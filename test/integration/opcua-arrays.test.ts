import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { buildTagEntries } from '../../renderer/devices/tag-json.ts';
import { Probe } from '../fixtures/opcua/probe.ts';
import { TEST_LAST_CLEAN, TestServer } from '../fixtures/opcua/test-server.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

// OPC UA arrays and dates against node-opcua's server: browsed with their length, imported as array
// and datetime tags, each element a tag of its own (REST, history, trend pens), Bad values in REST.
const TOKEN = 'arrays-test-token-0123456789';
let dir: string;
let server: TestServer;
let probe: Probe;
let runtime: Runtime;
let client: TestClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-opcua-arrays-'));
  server = new TestServer({ pkiDir: join(dir, 'server') });
  await server.start();
  probe = new Probe({ endpointUrl: server.endpointUrl, reconnectMinMs: 100, reconnectMaxMs: 400, publishingInterval: 50, samplingInterval: 0 }, join(dir, 'client'));
  await probe.driver.connect();
  await probe.status('ok');
});

afterAll(async () => {
  await client?.close();
  await runtime?.dispose();
  await probe?.close();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function get(path: string): Promise<Response> {
  return fetch(runtime.url + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
}

describe('OPC UA arrays and dates', () => {
  it('browses arrays with their length (declared, or the current one) and dates with their type', async () => {
    const line = await probe.driver.browse('ns=2;s=Line1');
    if (!line.ok) throw new Error(line.error.message);
    const byName = new Map(line.value.map((n) => [n.name, n]));
    expect(byName.get('Temps')).toMatchObject({ address: 'ns=2;s=Line1.Temps', dataType: 'Double', arrayLength: 4 });
    expect(byName.get('Counts')).toMatchObject({ dataType: 'Int32', arrayLength: 3 });
    expect(byName.get('LastClean')).toMatchObject({ dataType: 'DateTime' });
    expect(byName.get('LastClean')?.arrayLength).toBeUndefined();
    expect(byName.get('Speed')?.arrayLength).toBeUndefined();

    const [temps, clean] = await probe.driver.read([
      { handle: 1, address: 'ns=2;s=Line1.Temps' },
      { handle: 2, address: 'ns=2;s=Line1.LastClean' },
    ]);
    expect(temps?.value).toEqual([21.5, 22, 23.5, 24]);
    expect(clean?.value).toBe(TEST_LAST_CLEAN);

    // Imported as the Devices view does it: array tags with their length, a datetime tag.
    const picked = ['Temps', 'Counts', 'LastClean', 'Count'].map((name) => {
      const node = byName.get(name)!;
      return { names: ['Line1', name], address: node.address!, dataType: node.dataType, arrayLength: node.arrayLength };
    });
    const built = buildTagEntries('plc', picked);
    expect(built.skipped).toEqual([]);
    expect(built.tags).toEqual([
      { path: 'Line1/Temps', dataType: 'float64', arrayLength: 4, source: { device: 'plc', address: 'ns=2;s=Line1.Temps' } },
      { path: 'Line1/Counts', dataType: 'int32', arrayLength: 3, source: { device: 'plc', address: 'ns=2;s=Line1.Counts' } },
      { path: 'Line1/LastClean', dataType: 'datetime', source: { device: 'plc', address: 'ns=2;s=Line1.LastClean' } },
      { path: 'Line1/Count', dataType: 'int32', source: { device: 'plc', address: 'ns=2;s=Line1.Count' } },
    ]);
  });

  it('serves array elements as tags over REST, records them and trends them; a Bad value is null with the last known beside it', async () => {
    const projectDir = join(dir, 'project');
    await mkdir(join(projectDir, 'tags'), { recursive: true });
    await writeFile(
      join(projectDir, 'project.json'),
      JSON.stringify({
        formatVersion: 2,
        name: 'Arrays',
        plant: { name: 'Array plant', timeZone: 'Europe/Berlin' },
        devices: [{ name: 'plc', driver: 'opcua', config: { endpointUrl: server.endpointUrl, publishingInterval: 50, samplingInterval: 0, reconnectMinMs: 100, reconnectMaxMs: 400 } }],
      }),
    );
    await writeFile(
      join(projectDir, 'tags', 'line.json'),
      JSON.stringify({
        tags: [
          { path: 'Line1/Temps', dataType: 'float64', units: '°C', arrayLength: 4, history: { enabled: true }, source: { device: 'plc', address: 'ns=2;s=Line1.Temps' } },
          { path: 'Line1/LastClean', dataType: 'datetime', source: { device: 'plc', address: 'ns=2;s=Line1.LastClean' } },
          { path: 'Line1/Count', dataType: 'int32', source: { device: 'plc', address: 'ns=2;s=Line1.Count' } },
        ],
      }),
    );
    runtime = await startTestRuntime({ projectDir, token: TOKEN, rendererDir: projectDir });
    client = await TestClient.connect(runtime.url, TOKEN);
    await client.loginAs('engineer');

    const sub = await client.call('tags.subscribe', { paths: ['Line1/Temps[2]'] });
    if (sub.values[0]?.quality !== 'Good') await client.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes.some((c) => c[2] === 'Good'), 10_000);
    const array = (await (await get('/api/v1/tags/Line1/Temps')).json()) as Record<string, unknown>;
    expect(array).toMatchObject({ path: 'Line1/Temps', arrayLength: 4, units: '°C', value: { value: [21.5, 22, 23.5, 24], quality: 'Good' } });
    const element = (await (await get('/api/v1/tags/Line1/Temps%5B2%5D')).json()) as Record<string, unknown>;
    expect(element).toMatchObject({ path: 'Line1/Temps[2]', elementOf: 'Line1/Temps', value: { value: 23.5, quality: 'Good' } });
    const listed = (await (await get('/api/v1/tags?prefix=Line1/Temps')).json()) as { path: string }[];
    expect(listed.map((t) => t.path)).toEqual(['Line1/Temps', 'Line1/Temps[0]', 'Line1/Temps[1]', 'Line1/Temps[2]', 'Line1/Temps[3]']);
    const info = await client.call('tags.list', { prefix: 'Line1' });
    expect(info.find((t) => t.path === 'Line1/Count')).toMatchObject({ dataType: 'int32', decimals: 0 });
    expect(info.find((t) => t.path === 'Line1/LastClean')).toMatchObject({ dataType: 'datetime' });
    expect((await client.call('tags.read', { paths: ['Line1/LastClean'] }))[0]).toMatchObject({ value: TEST_LAST_CLEAN, quality: 'Good' });

    // A change of one element reaches its own tag and its history.
    const from = Date.now() - 60_000;
    server.setArray('Line1.Temps', DataType.Double, [21.5, 22, 30.25, 24]);
    await client.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes.some((c) => c[1] === 30.25), 10_000);
    await runtime.historian.flush();
    const history = await client.call('history.query', { kind: 'raw', tags: ['Line1/Temps[2]'], from, to: Date.now() + 1000 });
    expect(history.frames[0]?.tag).toBe('Line1/Temps[2]');
    expect(history.frames[0]?.fields.value).toEqual(expect.arrayContaining([23.5, 30.25]));
    const view = await client.call('trends.views.save', { name: 'Temps 2', pens: ['Line1/Temps[2]', 'Line1/Count'], live: true, span: 3_600_000 });
    expect(view.pens).toEqual(['Line1/Temps[2]', 'Line1/Count']);
    // An element cannot be written (arrays are read-only), and says so.
    const refused = await client.request('tags.write', { path: 'Line1/Temps[2]', value: 1 });
    expect(refused.error?.code).toBe('not-writable');

    // The server goes away: REST never shows the old numbers as values.
    const wentBad = client.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes.some((c) => c[2] === 'BadNotConnected'), 15_000);
    await server.stop();
    await wentBad;
    const bad = (await (await get('/api/v1/tags/Line1/Temps%5B2%5D')).json()) as { value: Record<string, unknown> };
    expect(bad.value).toMatchObject({ value: null, quality: 'BadNotConnected', lastKnownValue: 30.25 });
    const badArray = (await (await get('/api/v1/tags/Line1/Temps')).json()) as { value: Record<string, unknown> };
    expect(badArray.value).toMatchObject({ value: null, lastKnownValue: [21.5, 22, 30.25, 24] });
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, { get: { responses: { 200: { content: Record<string, { schema: unknown }> } } } }> };
    const schema = JSON.stringify(doc.paths['/api/v1/tags/{path}']!.get.responses[200].content['application/json']!.schema);
    expect(schema).toContain('lastKnownValue');
    expect(schema).toContain('null whenever the quality is Bad');
    await client.call('tags.unsubscribe', { subscriptionId: sub.subscriptionId });
    await server.start();
  }, 90_000);
});
