import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ForwardOutbox } from '../../main/core/forward/outbox.ts';
import { LocalCluster } from '../../main/core/historian/postgres/local-cluster.ts';
import { startRuntime } from '../../main/runtime.ts';
import { killAll, runNodeScript } from '../support/cli-process.ts';
import { TEST_USERS } from '../support/users.ts';
import { until } from '../support/until.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/projects/forward');
const TOKEN = 'forward-runtime-token-0123456789abcdef';
const children: ChildProcess[] = [];
let work: string;
let cluster: LocalCluster;
let pool: pg.Pool;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lineside-forward-runtime-'));
  cluster = await LocalCluster.start({ settings: { fsync: 'off' } });
  pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  pool.on('error', () => undefined);
  await cp(FIXTURE, join(work, 'project'), { recursive: true });
  const forward = { station: 'line1', central: { host: '127.0.0.1', port: cluster.port, tls: false }, backlogTag: 'Site/ForwardBacklog' };
  await writeFile(join(work, 'project', 'forward.json'), JSON.stringify(forward, null, 2));
}, 60_000);
afterEach(() => killAll(children));
afterAll(async () => {
  await pool?.end();
  await cluster?.dispose();
  await rm(work, { recursive: true, force: true });
}, 60_000);

/** `npm run serve` as a station runs it: its own process, its own data folder (PGUSER from forward.json, no password: trust on loopback). */
async function serve(): Promise<ChildProcess> {
  const env = { ...process.env, LINESIDE_TOKEN: TOKEN, LINESIDE_ADMIN_USER: TEST_USERS.admin.name, LINESIDE_ADMIN_PASSWORD: TEST_USERS.admin.password };
  const run = runNodeScript(join(ROOT, 'main/headless.ts'), ['--project', join(work, 'project'), '--port', '0'], { cwd: ROOT, env });
  children.push(run.child);
  await run.waitFor(/at (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
  return run.child;
}

const count = async (sql: string, values: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, values)).rows[0]!.n);

describe('a station forwarding to the central historian (real runtime processes, real PostgreSQL)', () => {
  it('forwards what it records, and after a SIGKILL in the middle of forwarding sends the rest exactly once', async () => {
    const first = await serve();
    await until(async () => (await count("SELECT count(*) AS n FROM history WHERE station = 'line1' AND tag = 'Line1/Wave'").catch(() => 0)) >= 40, 'forwarded rows of Line1/Wave', 30_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // What the central side has, and what waits in the station's queue at the kill.
    const central = await count("SELECT count(*) AS n FROM history WHERE station = 'line1'");
    const centralLast = Number((await pool.query<{ t: string }>("SELECT (extract(epoch FROM max(time)) * 1000)::int8 AS t FROM history WHERE station = 'line1'")).rows[0]!.t);
    const outbox = ForwardOutbox.open(join(work, 'project', '.lineside-data', 'forward.sqlite'), 1e9);
    let waiting = 0;
    let last = centralLast;
    const cursor = (await pool.query<{ forwarded_seq: string }>("SELECT forwarded_seq FROM stations WHERE name = 'line1'")).rows[0]!;
    for (const batch of outbox.read(Number(cursor.forwarded_seq), Number.MAX_SAFE_INTEGER)) {
      waiting += batch.t.length;
      for (const t of batch.t) last = Math.max(last, t);
    }
    outbox.close();
    const second = await serve();
    // Oldest first: once the restarted station's own new points are there, the backlog went before them.
    await until(async () => (await count("SELECT count(*) AS n FROM history WHERE station = 'line1' AND time > to_timestamp($1::float8 / 1000)", [last + 2000])) > 0, 'new data after the restart', 30_000);
    expect(await count("SELECT count(*) AS n FROM history WHERE station = 'line1' AND time <= to_timestamp($1::float8 / 1000)", [last])).toBe(central + waiting);
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));
  }, 180_000);

  it('refuses a forward.json whose backlog tag is not a numeric memory tag, naming the file and field', async () => {
    const dir = join(work, 'bad');
    await cp(FIXTURE, dir, { recursive: true });
    await writeFile(join(dir, 'forward.json'), JSON.stringify({ station: 'bad', central: { host: '127.0.0.1', tls: false }, backlogTag: 'Line1/Wave' }));
    const started = await startRuntime({ projectDir: dir, port: 0 });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toMatch(/forward\.json.*backlogTag.*Line1\/Wave is not a numeric memory tag/s);
  }, 60_000);
});
