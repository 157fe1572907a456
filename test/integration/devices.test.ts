import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../common/device.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';
import type { RoleName } from '../../common/permissions.ts';
import { TestClient } from '../support/ws-client.ts';
import { freePort } from './modbus-server.ts';
import { buildTagEntries, type PickedVariable } from '../../renderer/devices/tag-json.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/devices-opcua');
const TOKEN = 'devices-test-token-0123456789';

let dir: string;
let server: TestServer;
let modbusPort: number;
const runtimes: Runtime[] = [];
const clients: TestClient[] = [];

const roles = new Map<Runtime, RoleName>();

/** The fixture project in a temp folder, pointed at the test server; its clients sign in as `role`. */
async function startProject(role: RoleName, folder: string = role, tagsJson?: string): Promise<Runtime> {
  const projectDir = join(dir, folder);
  await cp(FIXTURE, projectDir, { recursive: true });
  const file = join(projectDir, 'project.json');
  const project = JSON.parse(await readFile(file, 'utf8')) as { devices: { driver: string; config: Record<string, unknown> }[] };
  for (const device of project.devices) {
    if (device.driver === 'opcua') device.config['endpointUrl'] = server.endpointUrl;
    if (device.driver === 'modbus') device.config['port'] = modbusPort;
  }
  await writeFile(file, JSON.stringify(project));
  if (tagsJson !== undefined) await writeFile(join(projectDir, 'tags', 'tags.json'), tagsJson);
  const runtime = await startTestRuntime({ projectDir, token: TOKEN, rendererDir: projectDir });
  runtimes.push(runtime);
  roles.set(runtime, role);
  return runtime;
}

async function client(runtime: Runtime): Promise<TestClient> {
  const c = await TestClient.connect(runtime.url, TOKEN);
  clients.push(c);
  return c.loginAs(roles.get(runtime)!);
}

/** Resolves once `name` reports `status` (already, or by a devices.status event); bounded, cleans up after itself. */
function deviceStatus(c: TestClient, name: string, status: DeviceInfo['status'], ms = 10_000): Promise<DeviceInfo> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { event?: string; data?: DeviceInfo };
      if (frame.event === 'devices.status' && frame.data?.name === name && frame.data.status === status) done(frame.data);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`device ${name} did not report ${status} within ${ms} ms`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      c.socket.off('message', onMessage);
    };
    const done = (info: DeviceInfo) => {
      cleanup();
      resolve(info);
    };
    c.socket.on('message', onMessage);
    c.call('devices.list', {}).then(
      (list) => {
        const info = list.find((d) => d.name === name);
        if (info?.status === status) done(info);
      },
      (error: unknown) => {
        cleanup();
        reject(error as Error);
      },
    );
  });
}

function get(runtime: Runtime, path: string): Promise<Response> {
  return fetch(runtime.url + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
}

let engineer: Runtime;
let operator: Runtime;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-devices-'));
  server = new TestServer({ pkiDir: join(dir, 'server') });
  await server.start();
  modbusPort = await freePort();
  engineer = await startProject('engineer');
  operator = await startProject('operator');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const runtime of runtimes.splice(0)) await runtime.dispose();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('devices.browse over the gateway', () => {
  it("lists the OPC UA server's folders and variables with NodeId, data type and description", async () => {
    const c = await client(engineer);
    await deviceStatus(c, 'plc', 'ok');
    expect(await c.call('devices.capabilities', { device: 'plc' })).toEqual({ device: 'plc', browse: true, certificates: true });
    const root = await c.call('devices.browse', { device: 'plc' });
    const line = root.find((n) => n.name === 'Line1');
    expect(line?.browsePath).toMatch(/^ns=\d+;s=Line1$/);
    expect(root.find((n) => n.name === 'Server')?.browsePath).toMatch(/^(ns=0;)?i=2253$/);
    const children = await c.call('devices.browse', { device: 'plc', browsePath: line!.browsePath! });
    expect(children.find((n) => n.name === 'Speed')).toMatchObject({ address: expect.stringMatching(/;s=Line1\.Speed$/), dataType: 'Double', description: 'Conveyor speed' });
    expect(children.find((n) => n.name === 'Running')).toMatchObject({ dataType: 'Boolean', description: 'Line running' });
    expect(children.find((n) => n.name === 'Filler')).toMatchObject({ browsePath: expect.stringMatching(/;s=Line1\.Filler$/) });
    const filler = await c.call('devices.browse', { device: 'plc', browsePath: children.find((n) => n.name === 'Filler')!.browsePath! });
    expect(filler.map((n) => n.name)).toEqual(['Temperature']);
  });

  it('refuses plainly: a driver without an address space, an unknown device, a bad browse path', async () => {
    const c = await client(engineer);
    expect(await c.call('devices.capabilities', { device: 'io' })).toEqual({ device: 'io', browse: false, certificates: false });
    const modbus = await c.request('devices.browse', { device: 'io' });
    expect(modbus.error).toMatchObject({ code: 'bad-request', message: 'device io (driver modbus) cannot be browsed: its driver has no address space to list' });
    expect((await c.request('devices.browse', { device: 'ghost' })).error).toMatchObject({ code: 'not-found', message: 'no device ghost' });
    expect((await c.request('devices.browse', { device: 'plc', browsePath: 'garbage' })).error?.code).toBe('config-error');
    // The simulator lists its model's variables and functions.
    expect((await c.call('devices.browse', { device: 'sim' })).some((n) => n.name === 'Functions')).toBe(true);
  });
});

describe('tag definitions from browsed variables', () => {
  it("builds tag definitions that load as a project and read the server's values", async () => {
    const c = await client(engineer);
    await deviceStatus(c, 'plc', 'ok');
    const root = await c.call('devices.browse', { device: 'plc' });
    const line = await c.call('devices.browse', { device: 'plc', browsePath: root.find((n) => n.name === 'Line1')!.browsePath! });
    const filler = await c.call('devices.browse', { device: 'plc', browsePath: line.find((n) => n.name === 'Filler')!.browsePath! });
    const picked: PickedVariable[] = [
      ...line.filter((n) => n.address !== undefined).map((n) => ({ names: ['Line1', n.name], address: n.address!, dataType: n.dataType, description: n.description, arrayLength: n.arrayLength })),
      ...filler.map((n) => ({ names: ['Line1', 'Filler', n.name], address: n.address!, dataType: n.dataType, description: n.description })),
    ];
    const json = buildTagEntries('plc', picked);
    expect(json.skipped).toEqual([]);
    const tags = json.tags;
    expect(buildTagEntries('plc', picked.slice(0, 1), ' Imported / PLC 1 ').tags[0]?.path).toMatch(/^Imported\/PLC_1\/Line1\//);
    expect(tags).toContainEqual({ path: 'Line1/Speed', dataType: 'float64', description: 'Conveyor speed', source: { device: 'plc', address: expect.stringMatching(/^ns=\d+;s=Line1\.Speed$/) } });
    expect(tags.find((t) => t.path === 'Line1/Ticks')?.dataType).toBe('uint16');
    expect(tags.find((t) => t.path === 'Line1/Running')?.dataType).toBe('bool');
    expect(tags.find((t) => t.path === 'Line1/Filler/Temperature')?.dataType).toBe('float64');

    const imported = await startProject('engineer', 'imported', JSON.stringify({ tags }, null, 2));
    const ic = await client(imported);
    const sub = await ic.call('tags.subscribe', { prefix: 'Line1' });
    // An array tag brings its element tags (Path[i]) along.
    expect(sub.paths).toEqual(tags.flatMap((t) => [t.path, ...Array.from({ length: t.arrayLength ?? 0 }, (_, i) => `${t.path}[${i}]`)]));
    expect(tags.find((t) => t.path === 'Line1/Temps')?.arrayLength).toBe(4);
    const good = new Set(sub.paths.filter((_, i) => sub.values[i]?.quality === 'Good'));
    if (good.size < sub.paths.length) {
      await ic.waitForEvent(
        'tags.changed',
        (e) => {
          for (const [index, , quality] of e.changes) if (quality === 'Good') good.add(sub.paths[index]!);
          return good.size === sub.paths.length;
        },
        10_000,
      );
    }
    const values = await ic.call('tags.read', { paths: ['Line1/Count', 'Line1/Running', 'Line1/Name', 'Line1/Filler/Temperature'] });
    expect(values.map((v) => v.value)).toEqual([42, true, 'Bottling', 20]);
  });
});

describe('server certificates over the gateway', () => {
  it('shows an untrusted server certificate, and why the secure device is in error', async () => {
    const c = await client(engineer);
    const { thumbprint, subject } = server.certificate();
    const error = await deviceStatus(c, 'plc-secure', 'error');
    expect(error.lastError).toContain(thumbprint);
    expect(error.lastError).toContain('is not trusted');
    const certificates = await c.call('devices.certificates', { device: 'plc-secure' });
    expect(certificates).toContainEqual({ subject, thumbprint, status: 'untrusted', validTo: expect.any(Number) });
    expect((await c.request('devices.certificates', { device: 'sim' })).error).toMatchObject({
      code: 'bad-request',
      message: 'device sim (driver simulator) has no server certificates: only OPC UA devices do',
    });
  });

  it('refuses an operator who tries to trust or reject, naming the permission needed', async () => {
    const c = await client(operator);
    await deviceStatus(c, 'plc-secure', 'error');
    const { thumbprint } = server.certificate();
    for (const call of ['devices.trustCertificate', 'devices.rejectCertificate'] as const) {
      const reply = await c.request(call, { device: 'plc-secure', thumbprint });
      expect(reply.error?.code).toBe('forbidden');
      expect(reply.error).toEqual({
        code: 'forbidden',
        message: 'operator (role operator) lacks the permission devices.trust',
        path: 'devices.trust',
        text: { key: 'access.lacksPermission', params: { name: 'operator', role: 'operator', permission: 'devices.trust' } },
      });
    }
    expect((await c.call('devices.certificates', { device: 'plc-secure' })).find((x) => x.thumbprint === thumbprint)?.status).toBe('untrusted');
    expect((await c.call('devices.list', {})).find((d) => d.name === 'plc-secure')?.status).not.toBe('ok');
  });

  it('lets an engineer trust it (colons and capitals accepted); the device then connects and its tag reads', async () => {
    const c = await client(engineer);
    const { thumbprint } = server.certificate();
    const unknown = await c.request('devices.trustCertificate', { device: 'plc-secure', thumbprint: '0'.repeat(40) });
    expect(unknown.error?.code).toBe('not-found');
    expect((await c.request('devices.trustCertificate', { device: 'plc-secure', thumbprint: 'xyz' })).error).toMatchObject({ code: 'bad-request', path: 'params.thumbprint' });
    const connected = deviceStatus(c, 'plc-secure', 'ok', 15_000);
    const spelled = thumbprint.toUpperCase().match(/../g)!.join(':');
    const after = await c.call('devices.trustCertificate', { device: 'plc-secure', thumbprint: spelled });
    expect(after.find((x) => x.thumbprint === thumbprint)?.status).toBe('trusted');
    await connected;
    const sub = await c.call('tags.subscribe', { paths: ['Line1/Count'] });
    if (sub.values[0]?.quality !== 'Good') await c.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes.some((ch) => ch[2] === 'Good'), 10_000);
    expect((await c.call('tags.read', { paths: ['Line1/Count'] }))[0]).toMatchObject({ value: 42, quality: 'Good' });
    await c.call('tags.unsubscribe', { subscriptionId: sub.subscriptionId });
  });

  it('lets an engineer reject a certificate again: listed as rejected', async () => {
    const c = await client(engineer);
    const { thumbprint } = server.certificate();
    const list = await c.call('devices.rejectCertificate', { device: 'plc-secure', thumbprint });
    expect(list.find((x) => x.thumbprint === thumbprint)?.status).toBe('rejected');
  });
});

describe("Lineside's own certificate over the gateway", () => {
  it('shows it with the plant name; an operator may not renew it; an engineer renews it, audited, and the old one is gone', async () => {
    const eng = await client(engineer);
    const before = await eng.call('devices.ownCertificate', { device: 'plc-secure' });
    expect(before?.subject).toContain('O=Devices test plant');
    expect(before?.subject).toMatch(/CN=Lineside@/);
    expect((await eng.request('devices.ownCertificate', { device: 'sim' })).error).toMatchObject({ code: 'bad-request', message: 'device sim (driver simulator) uses no application certificate: only OPC UA devices do' });

    const op = await client(operator);
    const refused = await op.request('devices.renewCertificate', { device: 'plc-secure' });
    expect(refused.error).toEqual({
      code: 'forbidden',
      message: 'operator (role operator) lacks the permission devices.trust',
      path: 'devices.trust',
      text: { key: 'access.lacksPermission', params: { name: 'operator', role: 'operator', permission: 'devices.trust' } },
    });

    const renewed = await eng.call('devices.renewCertificate', { device: 'plc-secure' });
    expect(renewed.thumbprint).not.toBe(before!.thumbprint);
    expect(renewed.subject).toBe(before!.subject);
    expect((await eng.call('devices.ownCertificate', { device: 'plc' }))?.thumbprint).toBe(renewed.thumbprint);
    const pem = await readFile(renewed.file, 'latin1');
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    const audited = engineer.audit.search({ action: 'devices.renewCertificate', limit: 10 }).records;
    expect(audited[0]).toMatchObject({ user: 'engineer', target: 'plc-secure' });
    expect(JSON.parse(String(audited[0]!.oldValue))).toMatchObject({ thumbprint: before!.thumbprint });
    expect(JSON.parse(String(audited[0]!.newValue))).toMatchObject({ thumbprint: renewed.thumbprint });
  });
});

describe('REST /api/v1/devices', () => {
  it('lists the devices with status and statistics, and answers one by name', async () => {
    const c = await client(engineer);
    await deviceStatus(c, 'plc', 'ok');
    const res = await get(engineer, '/api/v1/devices');
    expect(res.status).toBe(200);
    const devices = (await res.json()) as DeviceInfo[];
    expect(devices.map((d) => d.name)).toEqual(['plc', 'plc-secure', 'sim', 'io']);
    const plc = devices[0]!;
    expect(plc).toMatchObject({ driver: 'opcua', description: 'Test PLC, unsecured', status: 'ok', tagCount: 1, since: expect.any(Number) });
    expect(plc.stats!.requests).toBeGreaterThan(0);
    expect(plc.stats!.lastRoundTripMs).toBeGreaterThanOrEqual(0);
    const one = await get(engineer, '/api/v1/devices/plc');
    expect(await one.json()).toMatchObject({ name: 'plc', status: 'ok' });
    const missing = await get(engineer, '/api/v1/devices/ghost');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not-found', message: 'no device ghost' } });
    const doc = (await (await get(engineer, '/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/devices', '/api/v1/devices/{name}']));
  });
});
