import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runNodeScript } from '../support/cli-process.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/projects/calc');
const TOKEN = 'memory-tags-token-0123456789abcdef';
const children: ChildProcess[] = [];
const clients: TestClient[] = [];
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lineside-memory-'));
  await cp(FIXTURE, join(work, 'project'), { recursive: true });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await killAll(children);
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** `npm run serve` as a station runs it: its own process, its own data folder. */
async function serve(): Promise<{ child: ChildProcess; origin: string }> {
  const env = { ...process.env, LINESIDE_TOKEN: TOKEN, LINESIDE_ADMIN_USER: TEST_USERS.admin.name, LINESIDE_ADMIN_PASSWORD: TEST_USERS.admin.password };
  const run = runNodeScript(join(ROOT, 'main/headless.ts'), ['--project', join(work, 'project'), '--port', '0'], { cwd: ROOT, env });
  children.push(run.child);
  const [, origin] = await run.waitFor(/at (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
  return { child: run.child, origin: origin! };
}

async function readTag(origin: string, path: string): Promise<{ value: unknown; quality: string }> {
  const res = await fetch(`${origin}/api/v1/tags/${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: { value: unknown; quality: string } }).value;
}

describe('memory tags (real runtime processes, real tags.sqlite)', () => {
  it('start from the initial value in the project, and keep a written value across a SIGKILL of the runtime', async () => {
    const first = await serve();
    expect(await readTag(first.origin, 'Line1/Target')).toMatchObject({ value: 1200, quality: 'Good' });
    // An expression tag over two device tags, served like any tag.
    expect(await readTag(first.origin, 'Line1/TotalFlow')).toMatchObject({ value: 15, quality: 'Good' });
    const client = await TestClient.connect(first.origin, TOKEN);
    clients.push(client);
    await client.loginAs('admin');
    // Through the one write path: limits checked (range 0..100000), audited.
    const refused = await client.request('tags.write', { path: 'Line1/Target', value: 250_000 });
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/above the high limit 100000/);
    await client.call('tags.write', { path: 'Line1/Target', value: 1450 });
    await client.call('tags.write', { path: 'Line1/Note', value: 'changeover at 14:00' });
    expect(await readTag(first.origin, 'Line1/Target')).toMatchObject({ value: 1450, quality: 'Good' });
    const audit = await client.call('audit.search', { action: 'tags.write', limit: 10 });
    expect(audit.records.map((r) => [r.user, r.target, r.newValue])).toContainEqual([TEST_USERS.admin.name, 'Line1/Target', '1450']);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const second = await serve();
    expect(await readTag(second.origin, 'Line1/Target')).toMatchObject({ value: 1450, quality: 'Good' });
    expect(await readTag(second.origin, 'Line1/Note')).toMatchObject({ value: 'changeover at 14:00', quality: 'Good' });
  }, 180_000);
});
