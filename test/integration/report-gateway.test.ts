import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../main/runtime.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/shifts');
const TOKEN = 'report-test-token-0123456789abcdef';
let root: string;
let signInAs: 'supervisor' | 'operator' = 'supervisor';
const runtimes: Runtime[] = [];
const clients: TestClient[] = [];

function berlinTime(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}
function berlinDate(at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The fixture (test users seeded, clients signed in as `role`) and a 15-second shift that ended 20 s ago (before the app started). */
async function start(role: 'supervisor' | 'operator', withShifts = true): Promise<{ runtime: Runtime; shiftId: string }> {
  const projectDir = join(root, `${role}-${runtimes.length}`);
  await cp(FIXTURE, projectDir, { recursive: true });
  signInAs = role;
  const shiftStart = Math.floor((Date.now() - 35_000) / 1000) * 1000;
  if (withShifts) {
    await writeFile(
      join(projectDir, 'shifts.json'),
      JSON.stringify({
        formatVersion: 1,
        // T ended before the app started; N runs now.
        shifts: [
          { name: 'T', start: berlinTime(shiftStart), durationMinutes: 0.25 },
          { name: 'N', start: berlinTime(shiftStart + 15_000), durationMinutes: 10 },
        ],
        lines: [{ name: 'Line1', stateTag: 'Line1/State', runningStates: [2], goodCounter: 'Line1/Good', rejectCounter: 'Line1/Reject', idealRatePerMinute: 600, reasons: { '5': { code: 'fault', text: 'Fault' } } }],
        report: { keyValues: ['Line1/Temp'] },
      }),
    );
  }
  const runtime = await startTestRuntime({ projectDir, dataDir: `${projectDir}-data`, port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
  runtimes.push(runtime);
  return { runtime, shiftId: `${berlinDate(shiftStart)}/T` };
}

async function client(runtime: Runtime): Promise<TestClient> {
  const c = await TestClient.connect(runtime.url, TOKEN);
  clients.push(c);
  return c.loginAs(signInAs);
}

/** REST with the station token (view only), or with an API token an admin made. */
function get(runtime: Runtime, path: string, token = TOKEN): Promise<Response> {
  return fetch(runtime.url + path, { headers: { Authorization: `Bearer ${token}` } });
}

/** An integration's API token with the scope to render report exports. */
function exportToken(runtime: Runtime): string {
  const made = runtime.users.createToken({ name: TEST_USERS.admin.name, role: 'admin', station: 'test' }, { name: 'report-archive', scopes: ['view', 'reports.export'] });
  if (!made.ok) throw new Error(made.error.message);
  return made.value.token;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-report-gw-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const r of runtimes) await r.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('reports through the gateway', () => {
  it('lets a supervisor generate, export with progress, download and sign; REST serves the same', async () => {
    const { runtime, shiftId } = await start('supervisor');
    const c = await client(runtime);
    const shifts = await c.call('shifts.list', {});
    expect(shifts.timeZone).toBe('Europe/Berlin');
    expect(shifts.shifts.map((s) => s.id)).toContain(shiftId);
    expect(await c.call('reports.list', {})).toEqual([]);

    const summary = await c.call('reports.generate', { shiftId });
    expect(summary).toMatchObject({ shiftId, version: 1, signature: null });

    const progress: number[] = [];
    const exported = c.call('reports.export', { id: summary.id, format: 'pdf' });
    const done = c.waitForEvent('reports.progress', (p) => (progress.push(p.done), p.done === 1 && p.reportId === summary.id));
    const result = await exported;
    await done;
    expect(progress.length).toBeGreaterThan(2);
    const download = await get(runtime, result.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain(result.fileName);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(result.bytes);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await get(runtime, `/api/v1/reports/${summary.id}/export/csv`)).status).toBe(403);
    const api = exportToken(runtime);
    const csv = await get(runtime, `/api/v1/reports/${summary.id}/export/csv`, api);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain(`Shift id,${shiftId}`);
    const badFormat = await get(runtime, `/api/v1/reports/${summary.id}/export/docx`, api);
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { path: string } }).error.path).toBe('format');
    expect((await get(runtime, '/api/v1/reports/999/export/pdf', api)).status).toBe(404);
    expect((await get(runtime, `/api/v1/reports/${summary.id}/exports/nope`)).status).toBe(404);
    const doc = (await (await get(runtime, '/api/v1/openapi.json')).json()) as { paths: Record<string, { get: { responses: { 200: { content: Record<string, unknown> } } } }> };
    expect(Object.keys(doc.paths['/api/v1/reports/{id}/export/{format}']!.get.responses[200].content)).toEqual(['application/octet-stream']);
    const listed = (await (await get(runtime, '/api/v1/reports')).json()) as Array<{ id: number }>;
    expect(listed.map((r) => r.id)).toEqual([summary.id]);

    const refused = await c.request('reports.sign', { id: summary.id, meaning: 'Approved', reason: '' });
    expect(refused.ok).toBe(false);
    expect(refused.error?.path).toBe('params.reason');
    const wrongPassword = await c.request('reports.sign', { id: summary.id, meaning: 'Approved', reason: 'Checked', password: 'not-the-password' });
    expect(wrongPassword.error).toMatchObject({ code: 'forbidden', path: 'password' });
    const signed = await c.call('reports.sign', { id: summary.id, meaning: 'Approved', reason: 'Checked', password: TEST_USERS.supervisor.password });
    expect(signed.signature).toMatchObject({ user: 'supervisor', role: 'supervisor', method: 'password', contentSha256: summary.contentSha256 });
    const trail = await c.call('audit.search', { action: 'reports.sign' });
    expect(trail.records.map((r) => r.action)).toContain('reports.sign');
    const twice = await c.request('reports.sign', { id: summary.id, meaning: 'Approved', reason: 'Again' });
    expect(twice.error?.code).toBe('bad-request');

    const live = await c.call('oee.current', {});
    expect(live.lines.length === 0 || live.lines[0]!.line === 'Line1').toBe(true);
    expect((await c.call('tags.list', { prefix: 'Line1/OEE' })).map((t) => t.path)).toContain('Line1/OEE/Availability');
  });

  it('lets an operator write the logbook but not generate or sign', async () => {
    const { runtime, shiftId } = await start('operator');
    const c = await client(runtime);
    const entry = await c.call('logbook.add', { text: 'Changed the label roll', line: 'Line1' });
    expect(entry).toMatchObject({ user: 'operator', role: 'operator', text: 'Changed the label roll' });
    const wrongLine = await c.request('logbook.add', { text: 'x', line: 'Line9' });
    expect(wrongLine.error).toMatchObject({ code: 'not-found', path: 'line' });
    const list = await c.call('logbook.list', { from: entry.at - 1, to: entry.at + 1 });
    expect(list.map((e) => e.text)).toEqual(['Changed the label roll']);
    const generate = await c.request('reports.generate', { shiftId });
    expect(generate.error?.code).toBe('forbidden');
    const empty = await c.request('logbook.add', { text: '   ' });
    expect(empty.ok).toBe(false);

    // A fault on the line becomes a stop of the current shift; the operator names its reason.
    await c.call('tags.write', { path: 'Line1/State', value: 5 });
    const withStop = await c.waitForEvent('oee.changed', (e) => e.lines[0]?.downtime.some((d) => d.state === 5) ?? false, 20_000);
    expect(withStop.shift?.shift).toBe('N');
    expect(withStop.reasons['Line1']).toEqual([{ code: 'fault', text: 'Fault' }]);
    const stop = withStop.lines[0]!.downtime.find((d) => d.state === 5)!;
    const badCode = await c.request('oee.classify', { line: 'Line1', start: stop.start, code: 'coffee' });
    expect(badCode.error).toMatchObject({ code: 'bad-request', path: 'code' });
    const badStart = await c.request('oee.classify', { line: 'Line1', start: stop.start + 1, code: 'fault' });
    expect(badStart.error).toMatchObject({ code: 'not-found', path: 'start' });
    const classified = await c.call('oee.classify', { line: 'Line1', start: stop.start, code: 'fault' });
    expect(classified).toMatchObject({ user: 'operator', reason: 'Fault' });
    const after = await c.call('oee.current', {});
    expect(after.lines[0]!.downtime.find((d) => d.start === stop.start)?.classifiedBy).toBe('operator');
  }, 40_000);

  it('answers config-error without shifts.json and refuses a bad one naming the field', async () => {
    const { runtime } = await start('operator', false);
    const c = await client(runtime);
    const reply = await c.request('reports.list', {});
    expect(reply.error?.code).toBe('config-error');
    const projectDir = join(root, 'bad');
    await cp(FIXTURE, projectDir, { recursive: true });
    await writeFile(
      join(projectDir, 'shifts.json'),
      JSON.stringify({
        formatVersion: 1,
        shifts: [{ name: 'A', start: '06:00', durationMinutes: 480 }],
        lines: [{ name: 'Line1', stateTag: 'Line1/Nope', runningStates: [2], goodCounter: 'Line1/Good', rejectCounter: 'Line1/Reject', idealRatePerMinute: 1 }],
      }),
    );
    const started = await startRuntime({ projectDir, dataDir: `${projectDir}-data`, port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toBe('shifts.json: lines[0].stateTag: unknown tag "Line1/Nope"');
  });
});
