import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'session-restart-token-0123456789abcdef';

let root: string;
let runtime: Runtime | undefined;
const clients: TestClient[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-session-restart-'));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await runtime?.dispose();
  runtime = undefined;
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** The runtime's clock: real time, moved ahead by hand (a session's lifetime without waiting for it). */
let ahead = 0;
const clock = { now: () => Date.now() + ahead };

async function start(name: string, port = 0, security?: object): Promise<Runtime> {
  const projectDir = join(root, name);
  await cp(FIXTURE, projectDir, { recursive: true, force: false, errorOnExist: false });
  if (security) {
    const file = join(projectDir, 'project.json');
    const project = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...project, security }, null, 2));
  }
  runtime = await startTestRuntime({ projectDir, dataDir: join(root, `${name}-data`), port, token: TOKEN, rendererDir: join(root, 'no-renderer'), clock });
  return runtime;
}

async function connect(r: Runtime): Promise<TestClient> {
  const c = await TestClient.connect(r.url, TOKEN);
  clients.push(c);
  return c;
}

describe('sign-in sessions over a runtime restart (real runtime, real users.sqlite)', () => {
  it('keeps the operator signed in after the runtime restarts on the same data folder', async () => {
    const first = await start('keep');
    const port = Number(new URL(first.url).port);
    const before = await connect(first);
    const { resumeToken } = await before.call('users.login', TEST_USERS.operator);
    await before.close();
    await first.dispose();
    runtime = undefined;

    const second = await start('keep', port);
    const after = await connect(second);
    const resumed = await after.call('users.resume', { resumeToken });
    expect(resumed.user).toMatchObject({ name: TEST_USERS.operator.name, role: 'operator' });
    // Signed in on the new connection: an acting call passes the gate (it is the person's, not refused as signed out).
    expect((await after.call('session.info', {})).user?.name).toBe(TEST_USERS.operator.name);
    expect((await after.request('users.keepAlive', {})).ok).toBe(true);
  });

  it('says plainly why when the session cannot be resumed: a data folder reset, a changed password', async () => {
    const first = await start('reset');
    const port = Number(new URL(first.url).port);
    const c = await connect(first);
    const { resumeToken } = await c.call('users.login', TEST_USERS.maintenance);
    await c.close();
    await first.dispose();
    runtime = undefined;
    await rm(join(root, 'reset-data'), { recursive: true, force: true });

    const second = await start('reset', port);
    const again = await connect(second);
    const refused = await again.request('users.resume', { resumeToken });
    expect(refused.error).toMatchObject({ code: 'unauthenticated', message: 'The runtime does not know this sign-in (its data folder was reset, or the session ended long ago): sign in again.' });

    // A password reset by an administrator ends the live session: the connection is told at its next call, in words.
    const live = await again.call('users.login', TEST_USERS.maintenance);
    expect(live.user.name).toBe(TEST_USERS.maintenance.name);
    const admin = { name: TEST_USERS.admin.name, role: 'admin', station: 'test' };
    expect((await second.users.resetPassword(admin, TEST_USERS.maintenance.name, 'a-brand-new-password-77')).ok).toBe(true);
    const told = again.waitForEvent('users.sessionChanged', (e) => e.user === null);
    expect((await again.request('alarms.acknowledge', { ids: ['X'] })).error?.code).toBe('unauthenticated');
    expect(await told).toMatchObject({ user: null, message: 'maintenance was signed out because the password was changed: sign in with the new one.' });
  });

  it('ends a session that outlived the configured lifetime across a restart, saying so', async () => {
    const first = await start('lifetime', 0, { idleTimeoutMinutes: 30, sessionMaxHours: 0.5 });
    const port = Number(new URL(first.url).port);
    const c = await connect(first);
    const { resumeToken } = await c.call('users.login', TEST_USERS.supervisor);
    await c.close();
    await first.dispose();
    runtime = undefined;
    try {
      ahead = 20 * 60_000;
      const second = await start('lifetime', port, { idleTimeoutMinutes: 30, sessionMaxHours: 0.5 });
      const again = await connect(second);
      expect((await again.call('users.resume', { resumeToken })).user.name).toBe(TEST_USERS.supervisor.name);
      ahead = 31 * 60_000;
      const refused = await again.request('users.resume', { resumeToken });
      expect(refused.error).toMatchObject({ code: 'unauthenticated', message: 'supervisor was signed out because a sign-in lasts at most 30 min: sign in again.' });
    } finally {
      ahead = 0;
    }
  });
});
