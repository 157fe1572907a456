import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreName, StoreStatus } from '../../common/stores.ts';
import type { Runtime } from '../../main/runtime.ts';
import { mountSmallDisk } from '../support/small-disk.ts';
import { seedTestUsers } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * The whole runtime with its data folder on a small tmpfs that the test fills: the live view keeps
 * running (values, alarms), the failing stores are named on /healthz and in `stores.status` events,
 * actions the audit trail cannot record are refused, and everything recovers by itself when space
 * returns. Then a start on the full disk: degraded, not refused.
 */
const PROJECT = join(import.meta.dirname, '..', 'fixtures', 'projects', 'faults');
const mounted = await mountSmallDisk(64);
const disk = mounted.disk;
if (!disk) console.log(`full-disk-runtime: ${mounted.disk ? '' : mounted.why}; the runtime needs a real full disk (the store-level tests in full-disk-stores.test.ts ran under SQLite's max_page_count instead)`);

const work = mkdtempSync(join(tmpdir(), 'lineside-faults-runtime-'));
const projectDir = join(work, 'project');
cpSync(PROJECT, projectDir, { recursive: true });
const dataDir = join(disk?.dir ?? work, 'data');
let runtime: Runtime | undefined;
let client: TestClient | undefined;

async function start(): Promise<Runtime> {
  const runtime = await startTestRuntime({ projectDir, dataDir, port: 0, token: 'fault-suite-token-0123456789', seedUsers: false });
  return runtime;
}

async function stop(): Promise<void> {
  await client?.close();
  client = undefined;
  await runtime?.dispose();
  runtime = undefined;
}

afterAll(async () => {
  await stop();
  await disk?.dispose();
  rmSync(work, { recursive: true, force: true });
});

function storeEvent(c: TestClient, store: StoreName, state: StoreStatus['state'], ms = 10_000): Promise<StoreStatus> {
  return c.waitForEvent('stores.status', (s) => s.store === store && s.state === state, ms);
}

async function healthz(url: string): Promise<{ status: string; stores: Array<{ store: string; reason: string }> }> {
  return (await (await fetch(`${url}/healthz`)).json()) as { status: string; stores: Array<{ store: string; reason: string }> };
}

/** Resolves once `count` more changes of the tag have arrived (the live view is live). */
function liveChanges(c: TestClient, count: number): Promise<void> {
  let seen = 0;
  return c.waitFor((f) => f.event === 'tags.changed' && ++seen >= count, 10_000).then(() => undefined);
}

describe.skipIf(!disk)('the runtime on a disk that fills up (a tmpfs mounted by the test)', () => {
  beforeAll(async () => {
    runtime = await start();
    await seedTestUsers(runtime);
    client = await TestClient.connect(runtime.url, runtime.token);
    await client.loginAs('engineer');
    await client.call('tags.subscribe', { paths: ['Line1/Wave'], maxRateMs: 20 });
    await client.call('alarms.subscribe', {});
  });

  it('keeps values and alarms live, names the failing stores, refuses what cannot be audited, and recovers by itself', async () => {
    const c = client!;
    const rt = runtime!;
    expect((await c.request('tags.write', { path: 'Line1/Setpoint', value: 10 })).ok).toBe(true);
    const before = rt.alarms.history({ limit: 1, offset: 0 }).total;

    const historianFailing = storeEvent(c, 'historian', 'failing');
    const journalFailing = storeEvent(c, 'alarms', 'failing');
    const mesFailing = storeEvent(c, 'mes', 'failing');
    await disk!.fill();
    const filledAt = Date.now();
    expect(await historianFailing).toMatchObject({ reason: 'disk-full', file: 'history.sqlite' });
    expect(await journalFailing).toMatchObject({ reason: 'disk-full', file: 'alarms.sqlite' });
    // Downtime starts with the state square wave: the MES store fails and says so, the tag engine goes on.
    expect(await mesFailing).toMatchObject({ reason: 'disk-full', file: 'mes.sqlite' });

    // The live view: values keep coming, alarms keep changing state.
    await liveChanges(c, 10);
    await c.waitForEvent('alarms.changed', (e) => e.changed.some((a) => a.id === 'Line1/Level/Hi'));
    expect(rt.alarms.journal.health.status().waiting).toBeGreaterThan(0);

    // What must be audited is refused before anything happens, with the reason.
    const write = await c.request('tags.write', { path: 'Line1/Setpoint', value: 20 });
    expect(write).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'audit trail cannot be written: disk full' } });
    expect(rt.engine.slot('Line1/Setpoint')!.current.value).toBe(10);
    const config = await c.request('config.tags.save', { tag: { path: 'Line1/Extra', dataType: 'float64', source: { device: 'sim', address: 'memory(initial=1)' } } });
    expect(config).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'audit trail cannot be written: disk full' } });
    expect(rt.engine.slot('Line1/Extra')).toBeUndefined();
    // Not audited, kept in its own store: refused by that store.
    const logbook = await c.request('logbook.add', { text: 'written on a full disk', line: 'Line1' });
    expect(logbook).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'reports store cannot be written: disk full' } });

    const health = await healthz(rt.url);
    expect(health.status).toBe('degraded');
    expect(health.stores.map((s) => s.store)).toEqual(expect.arrayContaining(['historian', 'alarms', 'audit', 'mes', 'reports']));
    expect(health.stores.every((s) => s.reason === 'disk-full')).toBe(true);
    const listed = await c.call('stores.list', {});
    expect(listed.find((s) => s.store === 'audit')).toMatchObject({ state: 'failing', reason: 'disk-full' });

    // Space returns: every store recovers by itself, what waited is written.
    const recovered = Promise.all((['historian', 'alarms', 'audit', 'mes', 'reports'] as const).map((store) => storeEvent(c, store, 'ok', 20_000)));
    await disk!.free();
    await recovered;
    expect(rt.stores.failing()).toEqual([]);
    expect((await healthz(rt.url)).status).toBe('ok');
    const history = rt.alarms.history({ limit: 10_000, offset: 0, from: filledAt });
    expect(history.total).toBeGreaterThan(0);
    expect(rt.alarms.history({ limit: 1, offset: 0 }).total).toBeGreaterThan(before + history.total - 1);
    const accepted = await c.request('tags.write', { path: 'Line1/Setpoint', value: 20 });
    expect(accepted.ok).toBe(true);
    expect(rt.audit.search({ limit: 5, action: 'tags.write' }).records[0]).toMatchObject({ target: 'Line1/Setpoint', newValue: '20' });
    expect(rt.audit.verify().ok).toBe(true);
    expect((await c.request('logbook.add', { text: 'space is back', line: 'Line1' })).ok).toBe(true);
  }, 90_000);

  it('starts on a full disk, degraded rather than refused, with live values, and recovers when space returns', async () => {
    await stop();
    await disk!.fill();
    runtime = await start();
    const rt = runtime;
    client = await TestClient.connect(rt.url, rt.token);
    const c = client;
    await c.call('tags.subscribe', { paths: ['Line1/Wave'], maxRateMs: 20 });
    const historianFailing = storeEvent(c, 'historian', 'failing');
    await liveChanges(c, 10);
    await historianFailing;
    expect((await healthz(rt.url)).status).toBe('degraded');
    // The users are there: a full disk is no first start.
    expect(rt.users.firstStart).toBe(false);
    const recovered = storeEvent(c, 'historian', 'ok', 20_000);
    await disk!.free();
    await recovered;
    await c.loginAs('engineer');
    expect((await c.request('tags.write', { path: 'Line1/Setpoint', value: 30 })).ok).toBe(true);
  }, 90_000);
});
