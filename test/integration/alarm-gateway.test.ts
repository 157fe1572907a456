import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmInfo, AlarmKpis } from '../../common/alarms.ts';
import type { Runtime } from '../../main/runtime.ts';
import type { RoleName } from '../../common/permissions.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/alarms');
const TOKEN = 'alarm-test-token-0123456789abcdef';

let root: string;
const runtimes: Runtime[] = [];
const clients: TestClient[] = [];

type Dirs = { projectDir: string; dataDir: string; role: RoleName | 'signed-out' };
const roles = new Map<Runtime, Dirs['role']>();
const apiTokens = new Map<Runtime, string>();

/** A copy of the fixture project whose clients sign in as `role`, and its own data folder. */
async function project(role: Dirs['role']): Promise<Dirs> {
  const projectDir = join(root, role);
  await cp(FIXTURE, projectDir, { recursive: true });
  return { projectDir, dataDir: join(root, `${role}-data`), role };
}

async function start(dirs: Dirs): Promise<Runtime> {
  const runtime = await startTestRuntime({ projectDir: dirs.projectDir, dataDir: dirs.dataDir, port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
  runtimes.push(runtime);
  roles.set(runtime, dirs.role);
  // REST acts with an API token (the station token only reads), named like the integration it stands for.
  const token = runtime.users.createToken({ name: 'admin', role: 'admin', station: 'test' }, { name: 'tester', scopes: ['view', 'alarms.acknowledge'] });
  if (!token.ok) throw new Error(token.error.message);
  apiTokens.set(runtime, token.value.token);
  return runtime;
}

async function client(runtime: Runtime): Promise<TestClient> {
  const c = await TestClient.connect(runtime.url, TOKEN);
  clients.push(c);
  const role = roles.get(runtime)!;
  return role === 'signed-out' ? c : c.loginAs(role);
}

/** GET with the station token; POST with the runtime's API token (`token:tester`), or the given bearer. */
function rest(runtime: Runtime, path: string, body?: unknown, bearer?: string): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer ?? (body === undefined ? TOKEN : apiTokens.get(runtime)!)}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(runtime.url + path, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
}

/** Writes a tag and waits until the alarm subscription reports `id` in `state`. */
async function drive(c: TestClient, path: string, value: number | boolean, id: string, state: AlarmInfo['state']): Promise<AlarmInfo> {
  // A subscription without a states filter shows no normal alarms: returning to normal is a removal.
  const seen = c.waitForEvent('alarms.changed', (e) => e.changed.some((a) => a.id === id && a.state === state) || (state === 'normal' && e.removed.includes(id)));
  await c.call('tags.write', { path, value });
  return (await seen).changed.find((a) => a.id === id)!;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-alarm-gw-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const r of runtimes) await r.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('alarms over the real gateway, as an operator', () => {
  let runtime: Runtime;
  let dirs: Dirs;
  const from = Date.now() - 1000;

  beforeAll(async () => {
    dirs = await project('operator');
    runtime = await start(dirs);
  });

  it('subscribes, sees an alarm raised live with the banner summary, and acknowledges it over REST', async () => {
    const c = await client(runtime);
    const sub = await c.call('alarms.subscribe', {});
    expect(sub.alarms).toEqual([]);
    expect(sub.summary.totalActive).toBe(0);
    const summary = c.waitForEvent('alarms.changed', (e) => e.summary.unacknowledged.critical === 1);
    const hihi = await drive(c, 'Line1/Level', 97, 'Line1/Level/HiHi', 'unackActive');
    expect(hihi).toMatchObject({ priority: 'critical', area: 'Tank', message: 'Level 97 % above 95 %', value: 97, acknowledged: false, help: { action: 'Stop the pumps' } });
    expect((await summary).summary).toMatchObject({ totalActive: 2, totalUnacknowledged: 2, highestUnacknowledged: 'critical' });

    const list = (await (await rest(runtime, '/api/v1/alarms?priority=critical,high')).json()) as { alarms: AlarmInfo[] };
    expect(list.alarms.map((a) => a.id).sort()).toEqual(['Line1/Level/Hi', 'Line1/Level/HiHi']);

    const acked = c.waitForEvent('alarms.changed', (e) => e.changed.some((a) => a.id === 'Line1/Level/HiHi' && a.state === 'ackActive'));
    const res = await rest(runtime, '/api/v1/alarms/Line1/Level/HiHi/acknowledge', { comment: 'seen on camera' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'ackActive', acknowledgedBy: 'token:tester' });
    await acked;
    // Only changes: the event carries the one alarm acknowledged.
    expect((await acked).changed.map((a) => a.id)).toEqual(['Line1/Level/HiHi']);
  });

  it('acknowledges all visible by filter, shelves, comments, and refuses out-of-service to an operator', async () => {
    const c = await client(runtime);
    const all = await c.call('alarms.acknowledge', { filter: { areas: ['Tank'] }, comment: 'all of them' });
    expect(all.acknowledged).toEqual(['Line1/Level/Hi']);
    const shelved = await c.call('alarms.shelve', { id: 'Line1/Level/Hi', durationMs: 3_600_000, reason: 'transmitter being replaced' });
    expect(shelved).toMatchObject({ state: 'shelved', shelvedBy: 'operator', reason: 'transmitter being replaced' });
    expect(shelved.shelvedUntil).toBeGreaterThan(Date.now());
    expect((await c.call('alarms.comment', { id: 'Line1/Level/HiHi', comment: 'fitter called' })).lastComment).toBe('fitter called');
    const oos = await c.request('alarms.setOutOfService', { id: 'Line1/Level/HiHi', outOfService: true, reason: 'x' });
    expect(oos.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('alarms.outOfService') });
    const edit = await c.request('alarms.definitions.delete', { id: 'Line1/Level/HiHi' });
    expect(edit.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('alarms.editDefinitions') });
    expect((await c.call('alarms.definitions.list', {})).map((d) => d.definition.id)).toContain('Line1/Level/HiHi');
  });

  it('suppresses by design while the line is stopped', async () => {
    const c = await client(runtime);
    await c.call('alarms.subscribe', { filter: { states: ['suppressed', 'unackActive'] } });
    await drive(c, 'Line1/Run', false, 'Line1/State/Faulted', 'suppressed');
    // While suppressed the fault raises nothing; wait for the tag itself.
    const tags = await c.call('tags.subscribe', { paths: ['Line1/State'] });
    const faulted = c.waitForEvent('tags.changed', (e) => e.subscriptionId === tags.subscriptionId && e.changes.some((ch) => ch[1] === 5));
    await c.call('tags.write', { path: 'Line1/State', value: 5 });
    await faulted;
    expect((await c.call('alarms.list', {})).alarms.find((a) => a.id === 'Line1/State/Faulted')).toMatchObject({ state: 'suppressed', active: true });
    const back = await drive(c, 'Line1/Run', true, 'Line1/State/Faulted', 'unackActive');
    expect(back.message).toBe('Machine Faulted');
  });

  it('answers the journal, paged and filtered, and KPIs, over REST and WebSocket', async () => {
    const page = (await (await rest(runtime, '/api/v1/alarms/history?user=operator&limit=2')).json()) as { entries: Array<{ kind: string; user: string }>; total: number; nextOffset?: number };
    expect(page.entries).toHaveLength(2);
    expect(page.entries.every((e) => e.user === 'operator')).toBe(true);
    expect(page.total).toBe(3); // acknowledge (by filter), shelve, comment; the REST acknowledgement is token:tester's
    expect(page.nextOffset).toBe(2);
    const text = (await (await rest(runtime, '/api/v1/alarms/history?text=camera')).json()) as { entries: Array<{ comment: string }> };
    expect(text.entries.map((e) => e.comment)).toEqual(['seen on camera']);
    const ws = await (await client(runtime)).call('alarms.history', { alarmId: 'Line1/Level/Hi', kinds: ['raise', 'shelve'] });
    expect(ws.entries.map((e) => e.kind)).toEqual(['shelve', 'raise']);

    const to = Date.now() + 1000;
    const kpis = (await (await rest(runtime, `/api/v1/alarms/kpis?from=${from}&to=${to}`)).json()) as AlarmKpis;
    expect(kpis).toMatchObject({ totalAlarms: 3, shelveActions: 1, suppressions: 1, priorityDistribution: { critical: 1, high: 1, medium: 1, low: 0 } });
    expect(kpis.current).toMatchObject({ shelved: 1 });
    const viaWs = await (await client(runtime)).call('alarms.kpis', { from, to });
    expect(viaWs.totalAlarms).toBe(3);
  });

  it('answers bad input with a problem naming the field, and changes nothing', async () => {
    const c = await client(runtime);
    const before = await c.call('alarms.list', {});
    expect((await c.request('alarms.shelve', { id: 'Line1/Level/HiHi', reason: 'x' })).error).toMatchObject({ code: 'bad-request', path: 'params.durationMs' });
    expect((await c.request('alarms.shelve', { id: 'Line1/Level/HiHi', durationMs: 60_000, reason: '  ' })).error?.path).toBe('params.reason');
    expect((await c.request('alarms.acknowledge', { comment: 'x' })).error?.path).toBe('params.ids');
    expect((await c.request('alarms.acknowledge', { ids: ['No/Such'] })).error).toMatchObject({ code: 'not-found', path: 'ids[0]' });
    expect((await c.request('alarms.list', { filter: { priorities: ['urgent'] } })).error?.path).toBe('params.filter.priorities[0]');
    const badBody = await rest(runtime, '/api/v1/alarms/Line1/Level/HiHi/acknowledge', { comment: 5 });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { error: { message: string; path: string } }).error).toMatchObject({ path: 'body.comment', message: 'The comment must be a string.' });
    const badKpis = await rest(runtime, '/api/v1/alarms/kpis?from=10&to=5');
    expect(badKpis.status).toBe(400);
    expect(((await badKpis.json()) as { error: { path: string } }).error.path).toBe('query.to');
    expect((await rest(runtime, '/api/v1/alarms/No/Such/acknowledge', {})).status).toBe(404);
    expect(await c.call('alarms.list', {})).toEqual(before);
  });

  it('documents the alarm endpoints in the OpenAPI document', async () => {
    const doc = (await (await rest(runtime, '/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/alarms', '/api/v1/alarms/history', '/api/v1/alarms/kpis', '/api/v1/alarms/{id}/acknowledge']));
    expect(Object.keys(doc.paths['/api/v1/alarms/{id}/acknowledge']!['post']!.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
  });

  it('comes back after a restart on the same data folder with the same alarm states and journal', async () => {
    const c = await client(runtime);
    await c.call('alarms.subscribe', {});
    await drive(c, 'Line1/Level', 50, 'Line1/Level/HiHi', 'normal');
    // The simulator's memory starts over at its initial values; leave the alarms where those values keep them.
    await drive(c, 'Line1/State', 2, 'Line1/State/Faulted', 'rtnUnack');
    const states = (list: AlarmInfo[]) => Object.fromEntries(list.map((a) => [a.id, [a.state, a.raisedAt, a.acknowledgedBy, a.shelvedUntil, a.lastComment]]));
    const before = states((await c.call('alarms.list', {})).alarms);
    expect(Object.keys(before).sort()).toEqual(['Line1/Level/Hi', 'Line1/State/Faulted']);
    const journal = (await c.call('alarms.history', {})).total;
    await c.close();
    await runtime.dispose();

    runtime = await start(dirs);
    const again = await client(runtime);
    expect(states((await again.call('alarms.list', {})).alarms)).toEqual(before);
    expect((await again.call('alarms.history', {})).total).toBe(journal);
  });
});

describe('alarm permissions by role', () => {
  it('refuses acknowledge to a viewer (signed out, the station token) over WebSocket and REST, naming the permission', async () => {
    const runtime = await start(await project('signed-out'));
    const c = await client(runtime);
    await c.call('alarms.subscribe', {});
    const writer = await TestClient.connect(runtime.url, TOKEN);
    clients.push(writer);
    await writer.loginAs('operator');
    await writer.call('alarms.subscribe', {});
    await drive(writer, 'Line1/Level', 97, 'Line1/Level/HiHi', 'unackActive');
    const ws = await c.request('alarms.acknowledge', { ids: ['Line1/Level/HiHi'] });
    expect(ws.error).toEqual({ code: 'unauthenticated', message: 'alarms.acknowledge needs a signed-in user: sign in first', path: 'session', text: { key: 'access.signInFirst', params: { call: 'alarms.acknowledge' } } });
    const res = await rest(runtime, '/api/v1/alarms/Line1/Level/HiHi/acknowledge', {}, TOKEN);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('the station token (read-only: writes need an API token) lacks the scope alarms.acknowledge');
    expect((await c.call('alarms.list', {})).alarms.find((a) => a.id === 'Line1/Level/HiHi')!.state).toBe('unackActive');
    expect((await c.call('alarms.history', { kinds: ['acknowledge'] })).total).toBe(0);
  });

  it('lets an engineer take an alarm out of service and edit definitions live', async () => {
    const dirs = await project('engineer');
    const runtime = await start(dirs);
    const c = await client(runtime);
    await c.call('alarms.subscribe', {});
    expect((await c.call('alarms.setOutOfService', { id: 'Line1/Level/Hi', outOfService: true, reason: 'calibration' })).state).toBe('outOfService');
    const [entry] = (await c.call('alarms.definitions.list', {})).filter((d) => d.definition.id === 'Line1/Level/HiHi');
    // A HiHi below the Hi (90) is refused, naming the limit field, and neither saved nor applied.
    const below = await c.request('alarms.definitions.save', { definition: { ...entry!.definition, condition: { type: 'hihi', limit: 60 } } });
    expect(below.error).toMatchObject({ code: 'bad-request', path: 'definition.condition.limit', message: 'The HiHi limit (60) must be above the Hi limit (90, alarm Line1/Level/Hi).' });
    const saved = await c.call('alarms.definitions.save', { definition: { ...entry!.definition, condition: { type: 'hihi', limit: 92 } } });
    expect(saved.file).toBe('alarms/line.json');
    await drive(c, 'Line1/Level', 93, 'Line1/Level/HiHi', 'unackActive');
    const file = JSON.parse(await readFile(join(dirs.projectDir, 'alarms/line.json'), 'utf8')) as { alarms: Array<{ id: string; condition: { limit: number } }> };
    expect(file.alarms.find((a) => a.id === 'Line1/Level/HiHi')!.condition.limit).toBe(92);
    const bad = await c.request('alarms.definitions.save', { definition: { ...entry!.definition, tag: 'Line1/Nope' } });
    expect(bad.error).toMatchObject({ code: 'bad-request', path: 'definition.tag' });
    const removed = c.waitForEvent('alarms.changed', (e) => e.removed.includes('Line1/Level/HiHi'));
    await c.call('alarms.definitions.delete', { id: 'Line1/Level/HiHi' });
    await removed;
  });
});
