import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { startRuntime, type Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'sign-in-test-token-0123456789';
/** Each sign-in and password change runs scrypt: room for a loaded machine. */
const TEST_MS = 180_000;

let dir: string;
let runtime: Runtime;
const clients: TestClient[] = [];
const connect = async () => {
  const c = await TestClient.connect(runtime.url, TOKEN);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-signin-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lineside</title>');
  const log: string[] = [];
  runtime = await startTestRuntime({ projectDir: PROJECT, dataDir: join(dir, 'data'), port: 0, token: TOKEN, rendererDir: dir, log: (line) => log.push(line), env: {}, seedUsers: false });
  // The setup code is printed on the console of the first start, as Jupyter prints its token.
  expect(log.join('\n')).toContain(`setup code: ${runtime.users.setupCode}`);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await runtime?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('sign-in over the gateway', () => {
  it(
    'creates the administrator only with the setup code; a forced password change blocks everything else; denials and refusals are audited per burst',
    async () => {
      const station = await connect();
      // The station token alone no longer makes anyone administrator.
      const guess = await station.request('users.createFirstAdmin', { name: 'mallory', fullName: '', password: 'mallory-own-secret', setupCode: 'AAAA-BBBB-CCCC' });
      expect(guess).toMatchObject({ ok: false, error: { code: 'unauthenticated', path: 'setupCode' } });
      const missing = await station.request('users.createFirstAdmin', { name: 'mallory', fullName: '', password: 'mallory-own-secret' });
      expect(missing).toMatchObject({ ok: false, error: { path: 'params.setupCode' } });
      const admin = await connect();
      await admin.call('users.createFirstAdmin', { name: 'anna', fullName: 'Anna Admin', password: 'anna-admin-secret', setupCode: runtime.users.setupCode! });
      expect(runtime.users.setupCode).toBeUndefined();

      const weak = await admin.request('users.create', { name: 'sam', fullName: '', role: 'operator', password: 'password1234' });
      expect(weak).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'password' } });
      await admin.call('users.create', { name: 'sam', fullName: 'Sam', role: 'operator', password: 'given-by-anna-1' });

      const sam = await connect();
      const signedIn = await sam.call('users.login', { name: 'sam', password: 'given-by-anna-1' });
      expect(signedIn.user).toMatchObject({ mustChangePassword: true, permissions: ['view'] });
      expect(await sam.request('tags.write', { path: 'Line1/Setpoint', value: 100 })).toMatchObject({ ok: false, error: { code: 'forbidden', path: 'mustChangePassword' } });
      await sam.call('users.changePassword', { current: 'given-by-anna-1', next: 'sams-own-long-secret' });
      expect((await sam.call('session.info', {})).user).toMatchObject({ name: 'sam', mustChangePassword: false, permissions: expect.arrayContaining(['tags.write']) });
      expect(await sam.request('tags.write', { path: 'Line1/Setpoint', value: 100 })).toMatchObject({ ok: true });

      // A signed-out client hammering a call it may not make, and writes beyond the limits.
      for (let i = 0; i < 20; i++) expect(await station.request('tags.write', { path: 'Line1/Setpoint', value: 100 })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      for (let i = 0; i < 5; i++) expect(await sam.request('tags.write', { path: 'Line1/Setpoint', value: 9999 })).toMatchObject({ ok: false });

      // The bursts are written when they end (here: at shutdown, before the audit trail closes).
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await runtime.dispose();
      const trail = new AuditTrail(join(dir, 'data', 'audit.sqlite'), { now: () => Date.now() });
      try {
        const records = trail.search({ limit: 200 }).records;
        const denied = records.filter((r) => r.action === 'access.denied');
        const nobody = denied.filter((r) => r.user === 'nobody');
        expect(nobody).toHaveLength(1);
        expect(nobody[0]).toMatchObject({ role: 'signed-out', target: 'tags.write', reason: expect.stringMatching(/^20 tries: tags\.write needs a signed-in user/) });
        expect(JSON.parse(nobody[0]!.newValue)).toMatchObject({ tries: 20 });
        expect(denied.filter((r) => r.user === 'sam')).toEqual([expect.objectContaining({ reason: expect.stringContaining('must choose a new password first') })]);
        const refused = records.filter((r) => r.action === 'tags.write.refused');
        expect(refused).toEqual([expect.objectContaining({ user: 'sam', target: 'Line1/Setpoint' })]);
        expect(JSON.parse(refused[0]!.newValue)).toMatchObject({ tries: 5 });
        expect(records.filter((r) => r.action === 'users.createFirstAdmin.failed')).toEqual([expect.objectContaining({ user: 'mallory', reason: 'wrong setup code' })]);
      } finally {
        trail.dispose();
      }
    },
    TEST_MS,
  );

  it(
    'creates the administrator of an unattended install from LINESIDE_ADMIN_USER/PASSWORD, and refuses to start on a weak one',
    async () => {
      const dataDir = join(dir, 'unattended');
      const start = (env: NodeJS.ProcessEnv, log: string[] = []) => startRuntime({ projectDir: PROJECT, dataDir, port: 0, token: TOKEN, rendererDir: dir, env, log: (l) => log.push(l) });
      const weak = await start({ LINESIDE_ADMIN_USER: 'ops', LINESIDE_ADMIN_PASSWORD: 'password1234' });
      expect(weak).toMatchObject({ ok: false, error: { code: 'config-error', message: expect.stringMatching(/^LINESIDE_ADMIN_PASSWORD: .*common passwords/) } });
      expect(await start({ LINESIDE_ADMIN_USER: 'ops' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('LINESIDE_ADMIN_PASSWORD is not') } });
      const log: string[] = [];
      const made = await start({ LINESIDE_ADMIN_USER: 'ops', LINESIDE_ADMIN_PASSWORD: 'ops-unattended-secret' }, log);
      if (!made.ok) throw new Error(made.error.message);
      expect(made.value.users.setupCode).toBeUndefined();
      expect(log.join('\n')).not.toContain('setup code');
      expect(made.value.users.list().map((u) => [u.name, u.role, u.mustChangePassword])).toEqual([['ops', 'admin', false]]);
      await made.value.dispose();
      const later: string[] = [];
      const again = await start({ LINESIDE_ADMIN_USER: 'other', LINESIDE_ADMIN_PASSWORD: 'other-unattended-secret' }, later);
      if (!again.ok) throw new Error(again.error.message);
      expect(later.join('\n')).toContain('ignored: user accounts exist already');
      expect(again.value.users.list().map((u) => u.name)).toEqual(['ops']);
      await again.value.dispose();
    },
    TEST_MS,
  );
});
