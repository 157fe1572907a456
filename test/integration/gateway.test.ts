import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorDriver } from '../../drivers/simulator/simulator-driver.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'integration-test-token-0123456789';

let runtime: Runtime;
let rendererDir: string;
const clients: TestClient[] = [];

/** A connection signed in as the seeded operator. */
async function client(how: 'header' | 'subprotocol' = 'header'): Promise<TestClient> {
  const c = await TestClient.connect(runtime.url, TOKEN, how);
  clients.push(c);
  return c.loginAs('operator');
}

function get(path: string, token: string | null = TOKEN, method = 'GET'): Promise<Response> {
  return fetch(runtime.url + path, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'lineside-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lineside</title>');
  runtime = await startTestRuntime({ projectDir: PROJECT, dataDir: join(rendererDir, 'data'), port: 0, token: TOKEN, rendererDir });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await runtime?.dispose();
  await rm(rendererDir, { recursive: true, force: true });
});

describe('gateway over real HTTP', () => {
  it('answers /healthz without a token', async () => {
    const res = await get('/healthz', null);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'wrong-token-wrong-token-wrong'],
  ])('refuses REST calls and /metrics with %s', async (_name, token) => {
    for (const path of ['/api/v1/tags', '/api/v1/tags/Line1/Wave', '/api/v1/openapi.json', '/metrics']) {
      const res = await get(path, token);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
  });

  it('lists all tags with their current DataValue', async () => {
    const res = await get('/api/v1/tags');
    expect(res.status).toBe(200);
    const tags = (await res.json()) as Array<{ path: string; units: string; value: { value: unknown; quality: string; sourceTime: number } }>;
    expect(tags.map((t) => t.path)).toEqual(['Line1/Wave', 'Line1/Setpoint', 'Line1/Quiet', 'Line1/Run']);
    const setpoint = tags[1]!;
    expect(setpoint).toMatchObject({ units: 'bpm', writable: true, writeLimits: { min: 60, max: 480 }, value: { value: 120, quality: 'Good' } });
    expect(typeof setpoint.value.sourceTime).toBe('number');
  });

  it('filters by prefix and answers one tag by its path', async () => {
    const some = (await (await get('/api/v1/tags?prefix=Line1/Qui')).json()) as unknown[];
    expect(some).toEqual([]);
    const one = (await (await get('/api/v1/tags/Line1/Quiet')).json()) as { path: string; value: { value: number } };
    expect(one).toMatchObject({ path: 'Line1/Quiet', dataType: 'int32', value: { value: 7, quality: 'Good' } });
    const encoded = (await (await get('/api/v1/tags/Line1%2FQuiet')).json()) as { path: string };
    expect(encoded.path).toBe('Line1/Quiet');
  });

  it('answers bad requests with a problem naming what is wrong', async () => {
    const unknown = await get('/api/v1/tags/Line1/Nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not-found', message: 'no tag Line1/Nope' } });
    const badQuery = await get('/api/v1/tags?colour=red');
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { error: { message: string } }).error.message).toContain('colour');
    expect((await get('/api/v1/tags', TOKEN, 'POST')).status).toBe(405);
    expect((await get('/api/v1/nothing')).status).toBe(404);
  });

  it('describes the REST API in an OpenAPI document', async () => {
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tags', '/api/v1/tags/{path}']));
    expect(Object.keys(doc.paths['/api/v1/tags/{path}']!.get.responses)).toEqual(['200', '401', '404']);
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^lineside_tags 4$/m);
    expect(text).toMatch(/^lineside_device_status\{device="sim",status="ok"\} 1$/m);
    expect(text).toContain('lineside_process_cpu_user_seconds_total');
    expect(text).toContain('lineside_nodejs_eventloop_lag_p99_seconds');
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await get('/', null);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Lineside</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('gateway over a real WebSocket', () => {
  it('refuses a connection without the token, with a wrong token, or from another origin', async () => {
    await expect(TestClient.connect(runtime.url, undefined)).rejects.toThrow('HTTP 401');
    await expect(TestClient.connect(runtime.url, 'not-the-token-at-all-0000')).rejects.toThrow('HTTP 401');
    await expect(TestClient.connect(runtime.url, TOKEN, 'header', { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('accepts the token as a subprotocol, the way browsers send it', async () => {
    const c = await client('subprotocol');
    expect(c.socket.protocol).toBe('lineside.v1');
    const info = await c.call('session.info', {});
    expect(info).toMatchObject({ product: 'Lineside', project: 'Gateway test', user: { name: 'operator', role: 'operator' } });
  });

  it('subscribes and then receives only changed values', async () => {
    const c = await client();
    const sub = await c.call('tags.subscribe', { prefix: 'Line1' });
    expect(sub.paths).toEqual(['Line1/Wave', 'Line1/Setpoint', 'Line1/Quiet', 'Line1/Run']);
    expect(sub.values[2]).toMatchObject({ value: 7, quality: 'Good' });
    const wave = sub.paths.indexOf('Line1/Wave');
    const quiet = sub.paths.indexOf('Line1/Quiet');
    // The sine moves every tick; the quiet memory tag never does.
    for (let i = 0; i < 5; i++) {
      const event = await c.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId);
      expect(event.changes.some((ch) => ch[0] === wave)).toBe(true);
      expect(event.changes.some((ch) => ch[0] === quiet)).toBe(false);
      expect(new Set(event.changes.map((x) => x[0])).size).toBe(event.changes.length);
    }
    await c.call('tags.unsubscribe', { subscriptionId: sub.subscriptionId });
  });

  it('writes a setpoint through the scaling and sees the device report it back', async () => {
    const c = await client();
    const sub = await c.call('tags.subscribe', { paths: ['Line1/Setpoint'] });
    const changed = c.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes.some((ch) => ch[1] === 250));
    const written = await c.call('tags.write', { path: 'Line1/Setpoint', value: 250 });
    expect(written).toMatchObject({ path: 'Line1/Setpoint', value: 250 });
    const event = await changed;
    expect(event.changes[0]!.slice(0, 3)).toEqual([0, 250, 'Good']);
    // The device holds raw tenths.
    const raw = await runtime.devices.driverOf('sim')!.read([{ handle: 0, address: 'memory(initial=1200)' }]);
    expect(raw[0]!.value).toBe(2500);
  });

  it('refuses writes outside the limits, to read-only tags and of the wrong type, with the reason', async () => {
    const c = await client();
    const cases: Array<[unknown, string, string]> = [
      [{ path: 'Line1/Setpoint', value: 500 }, 'out-of-range', 'above the high limit 480 bpm'],
      [{ path: 'Line1/Quiet', value: 1 }, 'not-writable', 'Line1/Quiet is read-only'],
      [{ path: 'Line1/Run', value: 'yes' }, 'type-mismatch', 'true or false'],
      [{ path: 'Line1/Ghost', value: 1 }, 'not-found', 'no tag Line1/Ghost'],
    ];
    for (const [params, code, words] of cases) {
      const reply = await c.request('tags.write', params);
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe(code);
      expect(reply.error?.message).toContain(words);
    }
    const quiet = await c.call('tags.read', { paths: ['Line1/Quiet', 'Line1/Setpoint'] });
    expect(quiet[0]!.value).toBe(7);
    expect(quiet[1]!.value).not.toBe(500);
  });

  it('answers malformed and unknown messages with an error and keeps serving everyone', async () => {
    const c = await client();
    const bystander = await client();
    const bystanderSub = await bystander.call('tags.subscribe', { paths: ['Line1/Wave'] });

    c.sendRaw('this is not json');
    expect(await c.waitFor((f) => f.ok === false && f.id === null)).toMatchObject({ error: { code: 'bad-request' } });
    c.sendRaw(Buffer.from([1, 2, 3]));
    expect((await c.waitFor((f) => f.ok === false && f.error!.message.includes('binary'))).error!.code).toBe('bad-request');
    c.sendRaw(JSON.stringify({ id: 'seven', call: 'tags.read' }));
    expect((await c.waitFor((f) => f.ok === false && f.error!.path === 'frame.id' && /^The id /.test(f.error!.message))).id).toBeNull();
    expect((await c.request('tags.delete' as never, {})).error).toMatchObject({ code: 'unknown-call', message: 'unknown call "tags.delete"' });
    expect((await c.request('tags.read', { paths: 'Line1/Wave' })).error).toMatchObject({ code: 'bad-request', path: 'params.paths' });
    expect((await c.request('tags.read', { paths: ['Line1/Wave'], extra: 1 })).error?.code).toBe('bad-request');
    expect((await c.request('tags.subscribe', { paths: ['../etc'] })).error?.path).toBe('params.paths[0]');
    expect((await c.request('tags.unsubscribe', { subscriptionId: 999 })).error?.code).toBe('not-found');

    // Same socket still works, and the other client kept receiving.
    expect((await c.call('tags.read', { paths: ['Line1/Quiet'] }))[0]!.value).toBe(7);
    await bystander.waitForEvent('tags.changed', (e) => e.subscriptionId === bystanderSub.subscriptionId);
    const metrics = await (await get('/metrics')).text();
    expect(Number(/^lineside_ws_frames_rejected_total (\d+)$/m.exec(metrics)![1])).toBeGreaterThanOrEqual(8);
  });

  it("turns a device's tags Bad (not connected) when it loses communication, and Good again after", async () => {
    const c = await client();
    const sub = await c.call('tags.subscribe', { paths: ['Line1/Quiet'] });
    const sim = runtime.devices.driverOf('sim') as SimulatorDriver;
    const lost = c.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes[0]![2] === 'BadNotConnected');
    const status = c.waitForEvent('devices.status', (d) => d.name === 'sim' && d.status === 'error');
    sim.setCommunication(false);
    expect((await lost).changes[0]![1]).toBe(7);
    expect((await status).lastError).toContain('communication');
    const write = await c.request('tags.write', { path: 'Line1/Run', value: true });
    expect(write.error?.code).toBe('device-offline');
    const back = c.waitForEvent('tags.changed', (e) => e.subscriptionId === sub.subscriptionId && e.changes[0]![2] === 'Good');
    sim.setCommunication(true);
    expect((await back).changes[0]![1]).toBe(7);
    expect((await c.call('devices.list', {}))[0]).toMatchObject({ name: 'sim', status: 'ok', tagCount: 4 });
  });
});
