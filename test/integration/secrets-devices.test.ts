import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../common/device.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';
import { seedTestUsers } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/basic');
const FIRST = 'plc-first-Pa55word';
const SECOND = 'plc-second-Pa55word';
const NAME = 'devices.plc.auth.password';

let work: string;
let server: TestServer;
const users = new Map([['operator', FIRST]]);
let runtime: Runtime;
const logs: string[] = [];
const statuses: DeviceInfo[] = [];
const clients: TestClient[] = [];

/** Resolves with the first status of device plc after `from` (an index into `statuses`) that `check` accepts. */
function plcStatus(from: number, check: (info: DeviceInfo) => boolean, what: string): Promise<DeviceInfo> {
  return new Promise((resolve, reject) => {
    const look = () => statuses.slice(from).find((s) => s.name === 'plc' && check(s));
    const found = look();
    if (found) return resolve(found);
    const timer = setTimeout(() => (listener.dispose(), reject(new Error(`device plc: no ${what}; statuses: ${JSON.stringify(statuses.slice(from))}`))), 20_000);
    const listener = runtime.devices.onDidChangeStatus(() => {
      const hit = look();
      if (hit) (clearTimeout(timer), listener.dispose(), resolve(hit));
    });
  });
}

async function client(role?: 'operator' | 'engineer' | 'admin'): Promise<TestClient> {
  const c = await TestClient.connect(runtime.url, runtime.token);
  clients.push(c);
  return role ? c.loginAs(role) : c;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lineside-secrets-devices-'));
  server = new TestServer({ pkiDir: join(work, 'server'), users });
  await server.start();
  const projectDir = join(work, 'project');
  await cp(FIXTURE, projectDir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
  const file = join(projectDir, 'project.json');
  const project = JSON.parse(await readFile(file, 'utf8')) as { devices: unknown[] };
  // A project from before the secrets file: the OPC UA password written in project.json.
  project.devices.push({
    name: 'plc',
    driver: 'opcua',
    config: { endpointUrl: server.endpointUrl, reconnectMinMs: 100, reconnectMaxMs: 400, auth: { type: 'username', username: 'operator', password: FIRST } },
  });
  await writeFile(file, JSON.stringify(project, null, 2));
  runtime = await startTestRuntime({ projectDir, dataDir: join(work, 'data'), port: 0, token: 'secrets-devices-token-0123456789', log: (line) => logs.push(line), seedUsers: false });
  runtime.devices.onDidChangeStatus((info) => statuses.push(info));
  await seedTestUsers(runtime);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await runtime?.dispose();
  await server?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('device secrets are write-only', () => {
  it('moved the inline password into the secrets file at start (audited by name), and the device signs in with it', async () => {
    const project = JSON.parse(await readFile(join(work, 'project', 'project.json'), 'utf8')) as { devices: Array<{ name: string; config: { auth: unknown } }> };
    expect(project.devices.find((d) => d.name === 'plc')!.config.auth).toEqual({ type: 'username', username: 'operator', password: { secret: NAME } });
    expect(runtime.secrets.get(NAME)).toBe(FIRST);
    expect(logs.join('\n')).toMatch(/Moved 1 secret\(s\) out of project\.json .*devices\[1\]\.config\.auth\.password → devices\.plc\.auth\.password/);
    const moved = runtime.audit.search({ action: 'secrets.moved', limit: 5 }).records;
    expect(moved).toMatchObject([{ target: 'project.json devices[1].config.auth.password', user: 'system' }]);
    expect(JSON.parse(moved[0]!.newValue)).toMatchObject({ name: NAME });
    if (runtime.devices.get('plc')?.status !== 'ok') await plcStatus(0, (s) => s.status === 'ok', 'connection');
  });

  it('lists the password as set, never its value, to a signed-out station, an operator and REST', async () => {
    const expected = { type: 'username', username: 'operator', password: { set: true, name: NAME } };
    for (const c of [await client(), await client('operator')]) {
      const listed = await c.call('config.devices.list', {});
      expect(listed.devices.find((d) => d.definition['name'] === 'plc')!.definition['config']).toMatchObject({ auth: expected });
      expect(listed.secretFields['opcua']).toEqual([
        { path: 'auth.password', label: 'Password (auth type username)' },
        { path: 'auth.privateKey', label: 'Private key, PEM (auth type certificate)', format: 'pem' },
      ]);
      expect(JSON.stringify(listed)).not.toContain(FIRST);
    }
    const rest = await fetch(`${runtime.url}/api/v1/config/devices`, { headers: { Authorization: `Bearer ${runtime.token}` } });
    const body = await rest.text();
    expect(rest.status).toBe(200);
    expect(body).not.toContain(FIRST);
    expect(JSON.parse(body)).toMatchObject({ devices: expect.arrayContaining([expect.objectContaining({ definition: expect.objectContaining({ config: expect.objectContaining({ auth: expected }) }) })]) });
  });

  it('keeps the password when the field is left as listed, sets it when typed, clears it on request; the audit trail and its export hold none', async () => {
    const engineer = await client('engineer');
    const listed = (await engineer.call('config.devices.list', {})).devices.find((d) => d.definition['name'] === 'plc')!.definition;
    // The PLC now takes only the second password: a kept (first) one fails to sign in.
    users.set('operator', SECOND);
    let from = statuses.length;
    await engineer.call('config.devices.save', { device: { ...listed, description: 'kept password' } });
    expect((await plcStatus(from, (s) => s.status === 'error', 'refusal')).lastError).toMatch(/refused user 'operator' \(BadUserAccessDenied\)/);
    expect(runtime.secrets.get(NAME)).toBe(FIRST);

    from = statuses.length;
    const config = listed['config'] as { auth: Record<string, unknown> };
    await engineer.call('config.devices.save', { device: { ...listed, description: 'typed password', config: { ...config, auth: { ...config.auth, password: { value: SECOND } } } } });
    await plcStatus(from, (s) => s.status === 'ok', 'connection with the typed password');
    expect(runtime.secrets.get(NAME)).toBe(SECOND);

    await engineer.call('config.devices.save', { device: { ...listed, config: { ...config, auth: { type: 'anonymous', password: { clear: true } } } } });
    expect(runtime.secrets.has(NAME)).toBe(false);
    const after = (await engineer.call('config.devices.list', {})).devices.find((d) => d.definition['name'] === 'plc')!.definition;
    expect(after['config']).toMatchObject({ auth: { type: 'anonymous' } });

    const admin = await client('admin');
    const saves = await admin.call('audit.search', { action: 'config.devices.save', limit: 10 });
    expect(saves.records.map((r) => JSON.parse(r.newValue).config.auth.password)).toEqual([{ cleared: true }, { changed: true }, { kept: true }]);
    const everything = JSON.stringify(await admin.call('audit.search', { limit: 5000 })) + (await admin.call('audit.export', {})).csv;
    for (const secret of [FIRST, SECOND]) {
      expect(everything).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
      expect(await readFile(join(work, 'project', 'project.json'), 'utf8')).not.toContain(secret);
    }
  });

  it('refuses borrowing another secret by name, and an empty value, naming the field and changing nothing', async () => {
    const engineer = await client('engineer');
    const device = { name: 'plc2', driver: 'opcua', config: { endpointUrl: server.endpointUrl, auth: { type: 'username', username: 'operator', password: { secret: 'devices.other.auth.password' } } } };
    const borrowed = await engineer.request('config.devices.save', { device });
    expect(borrowed).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^device\.config\.auth\.password: a secret is chosen by name in the project file only/) } });
    const empty = await engineer.request('config.devices.save', { device: { ...device, config: { ...device.config, auth: { ...device.config.auth, password: '' } } } });
    expect(empty).toMatchObject({ ok: false, error: { path: 'device.config.auth.password' } });
    expect(runtime.secrets.names().filter((n) => n.startsWith('devices.'))).toEqual([]);
  });
});
