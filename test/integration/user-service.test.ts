import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { hashPassword, verifyPassword } from '../../main/core/users/password.ts';
import { SecuritySettingsSchema } from '../../main/core/users/security-settings.ts';
import { UserService } from '../../main/core/users/user-service.ts';
import { ManualClock } from '../support/manual-clock.ts';

const STATION = '10.1.1.5';
/** Tests that check many passwords (real scrypt, ~32 MiB each) get room on a loaded machine. */
const MANY_CHECKS_MS = 180_000;
const ADMIN = { name: 'alice', role: 'admin', station: STATION };

describe('user accounts, first start, sign-in delays and inactivity (real SQLite, injected clock)', () => {
  let dir: string;
  let clock: ManualClock;
  let audit: AuditTrail;
  let users: UserService;
  /** The delays the throttle asked for; waiting moves the manual clock. */
  let waits: number[];
  const open = (settings: object = {}) =>
    new UserService(join(dir, 'users.sqlite'), audit, clock, SecuritySettingsSchema.parse({ idleTimeoutMinutes: 10, ...settings }), {
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
      burstQuietMs: 60_000,
    });
  /** The first administrator, with this start's setup code. */
  const firstAdmin = (password = 'first-admin-pass') => users.createFirstAdmin({ name: 'alice', fullName: 'Alice Admin', password, setupCode: users.setupCode ?? '' }, STATION);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lineside-users-'));
    clock = new ManualClock();
    waits = [];
    audit = new AuditTrail(join(dir, 'audit.sqlite'), clock);
    users = open();
  });
  afterEach(async () => {
    users.dispose();
    audit.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const actions = () =>
    audit
      .search({ limit: 100 })
      .records.map((r) => r.action)
      .reverse();

  it('hashes passwords with scrypt and a salt of their own', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  it('creates the first administrator only with the setup code of this start, and only while no user exists', async () => {
    expect(users.firstStart).toBe(true);
    const code = users.setupCode!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const wrong = await users.createFirstAdmin({ name: 'mallory', fullName: '', password: 'mallory-password', setupCode: 'AAAA-BBBB-CCCC' }, STATION);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated', path: 'setupCode' } });
    expect(users.firstStart).toBe(true);
    // Typed as read: case, spaces and dashes do not matter.
    const first = await users.createFirstAdmin({ name: 'alice', fullName: 'Alice Admin', password: 'first-admin-pass', setupCode: ` ${code.toLowerCase().replace(/-/g, ' ')} ` }, STATION);
    expect(first.ok && first.value.user).toMatchObject({ name: 'alice', role: 'admin', mustChangePassword: false });
    expect(users.firstStart).toBe(false);
    expect(users.setupCode).toBeUndefined();
    const second = await users.createFirstAdmin({ name: 'mallory', fullName: '', password: 'mallory-password', setupCode: code }, STATION);
    expect(second).toEqual({ ok: false, error: { code: 'forbidden', message: 'the administrator exists already: sign in instead' } });
    expect(users.list().map((u) => u.name)).toEqual(['alice']);
    expect(actions()).toEqual(['users.createFirstAdmin.failed', 'users.createFirstAdmin', 'users.login']);
  });

  it('creates the administrator of an unattended install from the environment, once', async () => {
    expect(await users.createAdminFromEnvironment({ name: 'ops', password: 'password1234' })).toMatchObject({ ok: false, error: { code: 'config-error', path: 'LINESIDE_ADMIN_PASSWORD' } });
    expect(await users.createAdminFromEnvironment({ name: '-bad', password: 'a-long-unusual-passphrase' })).toMatchObject({ ok: false, error: { path: 'LINESIDE_ADMIN_USER' } });
    expect(await users.createAdminFromEnvironment({ name: 'ops', password: 'a-long-unusual-passphrase' })).toEqual({ ok: true, value: 'created' });
    expect(users.setupCode).toBeUndefined();
    expect(await users.createAdminFromEnvironment({ name: 'ops2', password: 'another-unusual-passphrase' })).toEqual({ ok: true, value: 'ignored' });
    expect(users.list().map((u) => [u.name, u.role])).toEqual([['ops', 'admin']]);
    expect((await users.login('ops', 'a-long-unusual-passphrase', STATION)).ok).toBe(true);
  });

  it(
    'refuses short and common passwords wherever one is set, naming the field',
    async () => {
      expect(await firstAdmin('password1234')).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'password', message: expect.stringContaining('common passwords') } });
      await firstAdmin();
      for (const bad of ['password1234', 'p@ssw0rd1234', 'qwertyuiop12', '123456789012', 'iloveyou1234']) {
        expect(await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: bad }), bad).toMatchObject({ ok: false, error: { path: 'password' } });
      }
      expect(await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'short-pass1' })).toMatchObject({ ok: false, error: { path: 'password', message: 'a password has at least 12 characters' } });
      expect((await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-first-pass' })).ok).toBe(true);
      expect(await users.resetPassword(ADMIN, 'otto', 'password1234')).toMatchObject({ ok: false, error: { path: 'password' } });
      expect(await users.changePassword({ name: 'alice', role: 'admin', station: STATION }, 'first-admin-pass', 'football1234')).toMatchObject({ ok: false, error: { path: 'next' } });
    },
    MANY_CHECKS_MS,
  );

  it(
    'makes a person change a password the administrator set, at the first sign-in and after a reset',
    async () => {
      await firstAdmin();
      await users.create(ADMIN, { name: 'otto', fullName: 'Otto Operator', role: 'operator', password: 'otto-first-pass' });
      expect(users.list().find((u) => u.name === 'otto')!.mustChangePassword).toBe(true);
      const first = await users.login('otto', 'otto-first-pass', STATION);
      expect(first.ok && first.value.user).toMatchObject({ name: 'otto', mustChangePassword: true, permissions: ['view'] });
      const otto = { name: 'otto', role: 'operator', station: STATION };
      expect((await users.changePassword(otto, 'otto-first-pass', 'ottos-own-secret-words')).ok).toBe(true);
      expect(users.sessionUser('otto')).toMatchObject({ mustChangePassword: false, permissions: expect.arrayContaining(['view', 'alarms.acknowledge']) });
      expect((await users.resetPassword(ADMIN, 'otto', 'a-temporary-one-again')).ok).toBe(true);
      expect(users.sessionUser('otto')).toMatchObject({ mustChangePassword: true, permissions: ['view'] });
    },
    MANY_CHECKS_MS,
  );

  it(
    'slows sign-in down per account and per source instead of locking anyone out',
    async () => {
      users.dispose();
      users = open({ signIn: { freeFailures: 2, firstDelaySeconds: 1, maxSourceDelaySeconds: 60, maxAccountDelaySeconds: 8 } });
      await firstAdmin();
      waits = [];
      // Attackers at many addresses guess the administrator's password: each try waits longer, up to
      // the account's ceiling (8 s here).
      for (let i = 0; i < 8; i++) expect((await users.login('alice', `guess-number-${i}`, `10.6.6.${i}`)).ok).toBe(false);
      expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
      // The administrator at her own station still gets in: slowed by seconds, never locked out.
      waits = [];
      expect((await users.login('alice', 'first-admin-pass', STATION)).ok).toBe(true);
      expect(waits).toEqual([8000]);
      // One source trying many accounts slows itself down, up to the source's ceiling (60 s).
      waits = [];
      for (let i = 0; i < 10; i++) await users.login(`user-${i}`, 'spray-password', '10.8.8.8');
      expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
      // The source stays slow whichever account it tries next.
      waits = [];
      await users.login('alice', 'guess-again', '10.8.8.8');
      expect(waits).toEqual([60000]);
      expect(users.list().find((u) => u.name === 'alice')).toMatchObject({ failedAttempts: 1, delayedUntil: null });
      // Concurrent tries queue behind each other instead of all slipping through at once.
      waits = [];
      await Promise.all([1, 2, 3, 4, 5].map((i) => users.login('bob', `parallel-${i}`, '10.7.7.7')));
      expect(waits).toEqual([0, 0, 1000, 2000, 4000]);
    },
    MANY_CHECKS_MS,
  );

  it(
    'answers and delays alike for an unknown name, a disabled account and a wrong password',
    async () => {
      await firstAdmin();
      await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-first-pass' });
      await users.create(ADMIN, { name: 'dora', fullName: '', role: 'operator', password: 'dora-first-pass' });
      users.update(ADMIN, { name: 'dora', disabled: true });
      const runs: Record<string, { answers: unknown[]; waits: number[] }> = {};
      for (const [kind, name, password] of [
        ['unknown', 'nobody', 'whatever-pass'],
        ['disabled', 'dora', 'dora-first-pass'],
        ['wrong', 'otto', 'whatever-pass'],
      ] as const) {
        waits = [];
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await users.login(name, password, `10.1.2.${kind.length}`));
        runs[kind] = { answers, waits };
      }
      expect(runs['unknown']).toEqual(runs['wrong']);
      expect(runs['disabled']).toEqual(runs['wrong']);
      expect(runs['wrong']!.answers[0]).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'wrong user name or password', path: 'password', text: { key: 'session.wrongNameOrPassword', params: {} } } });
    },
    MANY_CHECKS_MS,
  );

  it(
    'writes failed sign-ins as one audit record per burst, before the sign-in that ends it',
    async () => {
      await firstAdmin();
      await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-first-pass' }, { temporary: false });
      for (let i = 0; i < 4; i++) await users.login('otto', `wrong-${i}-password`, STATION);
      await users.login('ghost', 'whatever-pass', STATION);
      expect(actions().filter((a) => a.endsWith('.failed'))).toEqual([]);
      expect((await users.login('otto', 'otto-first-pass', STATION)).ok).toBe(true);
      const records = audit
        .search({ limit: 20 })
        .records.reverse()
        .filter((r) => r.action.startsWith('users.login'));
      expect(records.map((r) => r.action)).toEqual(['users.login', 'users.login.failed', 'users.login']);
      expect(records[1]).toMatchObject({ user: 'otto', target: 'otto', station: STATION, reason: '4 tries: wrong password ×4' });
      expect(JSON.parse(records[1]!.newValue)).toMatchObject({ tries: 4, reasons: { 'wrong password': 4 } });
      // The unknown name's burst is written once it has been quiet for a minute.
      clock.advance(60_000);
      (users as unknown as { failures: { sweep(): void } }).failures.sweep();
      expect(audit.search({ action: 'users.login.failed', limit: 10 }).records[0]).toMatchObject({ user: 'ghost', reason: 'unknown user' });
    },
    MANY_CHECKS_MS,
  );

  it(
    'takes as long for an unknown name, a disabled account and a wrong password (real scrypt, medians)',
    async () => {
      users.dispose();
      // No delays here: what is compared is the work of the check itself.
      users = open({ signIn: { freeFailures: 20 } });
      await firstAdmin();
      await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-first-pass' });
      await users.create(ADMIN, { name: 'dora', fullName: '', role: 'operator', password: 'dora-first-pass' });
      users.update(ADMIN, { name: 'dora', disabled: true });
      const kinds = { unknown: ['nobody', 'whatever-pass'], disabled: ['dora', 'dora-first-pass'], wrong: ['otto', 'whatever-pass'] } as const;
      const times: Record<string, number[]> = { unknown: [], disabled: [], wrong: [] };
      // Interleaved, so load from elsewhere on the machine hits every kind alike.
      for (let i = 0; i < 5; i++) {
        for (const [kind, [name, password]] of Object.entries(kinds)) {
          const start = performance.now();
          await users.checkPassword(name, password, `10.3.3.${i}`, 'users.login');
          times[kind]!.push(performance.now() - start);
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const wrong = median(times['wrong']!);
      // scrypt takes tens of milliseconds; skipping it (as a shortcut for unknown or refused accounts would) shows as a factor of 10 or more.
      for (const kind of ['unknown', 'disabled']) {
        expect(median(times[kind]!) / wrong, kind).toBeGreaterThan(0.5);
        expect(median(times[kind]!) / wrong, kind).toBeLessThan(2);
      }
    },
    MANY_CHECKS_MS,
  );

  it('signs a person out after the inactivity timeout; activity restarts it', async () => {
    const login = await firstAdmin();
    if (!login.ok) throw new Error(login.error.message);
    const token = login.value.resumeToken;
    clock.advance(9 * 60_000);
    expect(users.resume(token, STATION, true).ok).toBe(true);
    clock.advance(9 * 60_000);
    expect(users.resume(token, STATION, false).ok).toBe(true);
    clock.advance(2 * 60_000);
    const expired = users.resume(token, STATION, true);
    expect(expired).toMatchObject({ ok: false, error: { code: 'unauthenticated', path: 'session', message: 'alice was signed out after 10 min without activity: sign in again.' } });
    expect(users.resume(token, STATION, true).ok).toBe(false);
    expect(actions().at(-1)).toBe('users.autoLogoff');
  });

  it('keeps a session across a restart of the service, storing only a hash of its token, still expiring as configured', async () => {
    users.dispose();
    users = open({ sessionMaxHours: 1 });
    const login = await firstAdmin();
    if (!login.ok) throw new Error(login.error.message);
    const token = login.value.resumeToken;
    clock.advance(5 * 60_000);
    expect(users.resume(token, STATION, true).ok).toBe(true);
    // A restart: a new service on the same file knows the session, and the idle time it had.
    users.dispose();
    users = open({ sessionMaxHours: 1 });
    expect(users.resume(token, STATION, false)).toMatchObject({ ok: true, value: { name: 'alice', role: 'admin' } });
    expect(users.expiresAt(token)).toBe(clock.now() + 10 * 60_000);
    // The file holds the token's SHA-256, never the token.
    const bytes = await readFile(join(dir, 'users.sqlite'));
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(bytes.includes(Buffer.from(createHash('sha256').update(token).digest('hex')))).toBe(true);
    // Active every 9 minutes, it still ends one hour after signing in, and says so.
    for (let t = 5; t + 9 <= 60; t += 9) {
      clock.advance(9 * 60_000);
      expect(users.resume(token, STATION, true).ok, `at ${t + 9} min`).toBe(true);
    }
    clock.advance(9 * 60_000);
    expect(users.resume(token, STATION, true)).toMatchObject({ ok: false, error: { code: 'unauthenticated', path: 'resumeToken', message: 'alice was signed out because a sign-in lasts at most 60 min: sign in again.' } });
    users.dispose();
    users = open({ sessionMaxHours: 1 });
    expect(users.resume(token, STATION, true)).toMatchObject({ ok: false, error: { message: 'alice was signed out because a sign-in lasts at most 60 min: sign in again.' } });
    expect(actions().at(-1)).toBe('users.autoLogoff');
  });

  it('says why a session cannot be resumed: a new password, a disabled account, a reset data folder', async () => {
    await firstAdmin();
    await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-password' }, { temporary: false });
    const here = await users.login('otto', 'otto-password', STATION);
    const there = await users.login('otto', 'otto-password', '10.1.1.6');
    if (!here.ok || !there.ok) throw new Error('otto could not sign in');
    expect(await users.changePassword({ name: 'otto', role: 'operator', station: STATION }, 'otto-password', 'otto-new-password-2', here.value.resumeToken)).toMatchObject({ ok: true });
    expect(users.resume(here.value.resumeToken, STATION, true).ok).toBe(true);
    expect(users.resume(there.value.resumeToken, '10.1.1.6', true)).toMatchObject({ ok: false, error: { message: 'otto was signed out because the password was changed: sign in with the new one.' } });
    users.update(ADMIN, { name: 'otto', disabled: true });
    expect(users.resume(here.value.resumeToken, STATION, true)).toMatchObject({ ok: false, error: { message: 'otto was signed out because the account was disabled.' } });
    // A data folder reset: a new users.sqlite knows no session at all.
    users.dispose();
    await rm(join(dir, 'users.sqlite'));
    await rm(join(dir, 'users.sqlite.created'), { force: true });
    users = open();
    expect(users.resume(here.value.resumeToken, STATION, true)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: 'The runtime does not know this sign-in (its data folder was reset, or the session ended long ago): sign in again.' },
    });
  });

  it('ends the session of a disabled user, refuses their sign-in, and never disables the last admin', async () => {
    await firstAdmin();
    await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-password' }, { temporary: false });
    const otto = await users.login('otto', 'otto-password', STATION);
    if (!otto.ok) throw new Error(otto.error.message);
    expect(users.update(ADMIN, { name: 'otto', disabled: true })).toMatchObject({ ok: true, value: { disabled: true } });
    expect(users.resume(otto.value.resumeToken, STATION, true).ok).toBe(false);
    expect(await users.login('otto', 'otto-password', STATION)).toMatchObject({ ok: false, error: { message: 'wrong user name or password' } });
    expect(users.update(ADMIN, { name: 'alice', role: 'operator' })).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'role' } });
    expect(users.update(ADMIN, { name: 'alice', disabled: true })).toMatchObject({ ok: false, error: { path: 'disabled' } });
    expect(users.list().find((u) => u.name === 'alice')).toMatchObject({ role: 'admin', disabled: false });
    const audited = audit.search({ action: 'users.update', limit: 5 }).records[0]!;
    expect(JSON.parse(audited.oldValue)).toEqual({ fullName: '', role: 'operator', disabled: false });
    expect(JSON.parse(audited.newValue)).toEqual({ fullName: '', role: 'operator', disabled: true });
  });

  it('edits role permission sets (effective at once) and keeps users.manage on admin', async () => {
    await firstAdmin();
    await users.create(ADMIN, { name: 'mia', fullName: '', role: 'maintenance', password: 'mia-password' }, { temporary: false });
    expect(users.sessionUser('mia')!.permissions).not.toContain('tags.write');
    expect(users.saveRole(ADMIN, 'maintenance', ['alarms.acknowledge', 'tags.write']).ok).toBe(true);
    expect(users.sessionUser('mia')!.permissions).toEqual(['view', 'alarms.acknowledge', 'tags.write']);
    expect(users.saveRole(ADMIN, 'admin', ['view'])).toMatchObject({ ok: false, error: { path: 'permissions' } });
  });

  it('issues API tokens once, stores only their hash, and refuses revoked and expired ones', async () => {
    await firstAdmin();
    const made = users.createToken(ADMIN, { name: 'MES', scopes: ['view', 'tags.write'] });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.token).toMatch(/^lsk_/);
    expect(JSON.stringify(users.tokens())).not.toContain(made.value.token);
    expect(users.authenticateToken(made.value.token)).toMatchObject({ name: 'MES', scopes: ['view', 'tags.write'] });
    expect(users.authenticateToken(`${made.value.token}x`)).toBeUndefined();
    const short = users.createToken(ADMIN, { name: 'short', scopes: ['view'], expiresAt: clock.now() + 1000 });
    if (!short.ok) throw new Error(short.error.message);
    clock.advance(1000);
    expect(users.authenticateToken(short.value.token)).toBeUndefined();
    users.revokeToken(ADMIN, made.value.info.id);
    expect(users.authenticateToken(made.value.token)).toBeUndefined();
    expect(users.createToken(ADMIN, { name: 'past', scopes: ['view'], expiresAt: clock.now() - 1 })).toMatchObject({ ok: false, error: { path: 'expiresAt' } });
  });
});
