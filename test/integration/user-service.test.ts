import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { hashPassword, verifyPassword } from '../../main/core/users/password.ts';
import { SecuritySettingsSchema } from '../../main/core/users/security-settings.ts';
import { UserService } from '../../main/core/users/user-service.ts';
import { ManualClock } from '../support/manual-clock.ts';

const STATION = '10.1.1.5';
const ADMIN = { name: 'alice', role: 'admin', station: STATION };

describe('user accounts, sign-in, lockout and inactivity (real SQLite, injected clock)', () => {
  let dir: string;
  let clock: ManualClock;
  let audit: AuditTrail;
  let users: UserService;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lineside-users-'));
    clock = new ManualClock();
    audit = new AuditTrail(join(dir, 'audit.sqlite'), clock);
    users = new UserService(join(dir, 'users.sqlite'), audit, clock, SecuritySettingsSchema.parse({ idleTimeoutMinutes: 10, lockout: { attempts: 3, minutes: 5 } }));
  });
  afterEach(async () => {
    users.dispose();
    audit.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const actions = () => audit.search({ limit: 100 }).records.map((r) => r.action).reverse();

  it('hashes passwords with scrypt and a salt of their own', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  it('creates the first administrator only while no user exists', async () => {
    expect(users.firstStart).toBe(true);
    const first = await users.createFirstAdmin({ name: 'alice', fullName: 'Alice Admin', password: 'first-admin-pass' }, STATION);
    expect(first.ok && first.value.user).toMatchObject({ name: 'alice', role: 'admin' });
    expect(users.firstStart).toBe(false);
    const second = await users.createFirstAdmin({ name: 'mallory', fullName: '', password: 'mallory-password' }, STATION);
    expect(second).toEqual({ ok: false, error: { code: 'forbidden', message: 'the administrator exists already: sign in instead' } });
    expect(users.list().map((u) => u.name)).toEqual(['alice']);
    expect(actions()).toEqual(['users.createFirstAdmin', 'users.login']);
  });

  it('locks an account after N wrong passwords for M minutes, audited, then lets it in again', async () => {
    await users.createFirstAdmin({ name: 'alice', fullName: '', password: 'first-admin-pass' }, STATION);
    await users.create(ADMIN, { name: 'otto', fullName: 'Otto Operator', role: 'operator', password: 'otto-password' });
    for (let i = 0; i < 3; i++) expect((await users.login('otto', 'wrong-password', STATION)).ok).toBe(false);
    const locked = await users.login('otto', 'otto-password', STATION);
    expect(locked).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: expect.stringMatching(/^otto is locked after repeated wrong passwords; try again in 5 min/) } });
    expect(users.list().find((u) => u.name === 'otto')!.lockedUntil).toBe(clock.now() + 5 * 60_000);
    expect(actions().filter((a) => a.startsWith('users.lo'))).toEqual(['users.login', 'users.login.failed', 'users.login.failed', 'users.login.failed', 'users.lockout', 'users.login.failed']);
    clock.advance(5 * 60_000 + 1);
    expect((await users.login('otto', 'otto-password', STATION)).ok).toBe(true);
    // A success resets the count: two more failures do not lock.
    for (let i = 0; i < 2; i++) await users.login('otto', 'nope-nope-nope', STATION);
    expect((await users.login('otto', 'otto-password', STATION)).ok).toBe(true);
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    await users.createFirstAdmin({ name: 'alice', fullName: '', password: 'first-admin-pass' }, STATION);
    const unknown = await users.login('nobody', 'whatever-pass', STATION);
    const wrong = await users.login('alice', 'whatever-pass', STATION);
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'wrong user name or password', path: 'password' } });
  });

  it('signs a person out after the inactivity timeout; activity restarts it', async () => {
    const login = await users.createFirstAdmin({ name: 'alice', fullName: '', password: 'first-admin-pass' }, STATION);
    if (!login.ok) throw new Error(login.error.message);
    const token = login.value.resumeToken;
    clock.advance(9 * 60_000);
    expect(users.resume(token, STATION, true).ok).toBe(true);
    clock.advance(9 * 60_000);
    expect(users.resume(token, STATION, false).ok).toBe(true);
    clock.advance(2 * 60_000);
    const expired = users.resume(token, STATION, true);
    expect(expired).toMatchObject({ ok: false, error: { code: 'unauthenticated', path: 'session', message: 'alice was signed out after 10 min without activity: sign in again' } });
    expect(users.resume(token, STATION, true).ok).toBe(false);
    expect(actions().at(-1)).toBe('users.autoLogoff');
  });

  it('ends the session of a disabled user, refuses their sign-in, and never disables the last admin', async () => {
    await users.createFirstAdmin({ name: 'alice', fullName: '', password: 'first-admin-pass' }, STATION);
    await users.create(ADMIN, { name: 'otto', fullName: '', role: 'operator', password: 'otto-password' });
    const otto = await users.login('otto', 'otto-password', STATION);
    if (!otto.ok) throw new Error(otto.error.message);
    expect(users.update(ADMIN, { name: 'otto', disabled: true })).toMatchObject({ ok: true, value: { disabled: true } });
    expect(users.resume(otto.value.resumeToken, STATION, true).ok).toBe(false);
    expect(await users.login('otto', 'otto-password', STATION)).toMatchObject({ ok: false, error: { message: 'otto is disabled; ask an administrator' } });
    expect(users.update(ADMIN, { name: 'alice', role: 'operator' })).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'role' } });
    expect(users.update(ADMIN, { name: 'alice', disabled: true })).toMatchObject({ ok: false, error: { path: 'disabled' } });
    expect(users.list().find((u) => u.name === 'alice')).toMatchObject({ role: 'admin', disabled: false });
    const audited = audit.search({ action: 'users.update', limit: 5 }).records[0]!;
    expect(JSON.parse(audited.oldValue)).toEqual({ fullName: '', role: 'operator', disabled: false });
    expect(JSON.parse(audited.newValue)).toEqual({ fullName: '', role: 'operator', disabled: true });
  });

  it('edits role permission sets (effective at once) and keeps users.manage on admin', async () => {
    await users.createFirstAdmin({ name: 'alice', fullName: '', password: 'first-admin-pass' }, STATION);
    await users.create(ADMIN, { name: 'mia', fullName: '', role: 'maintenance', password: 'mia-password' });
    expect(users.sessionUser('mia')!.permissions).not.toContain('tags.write');
    expect(users.saveRole(ADMIN, 'maintenance', ['alarms.acknowledge', 'tags.write']).ok).toBe(true);
    expect(users.sessionUser('mia')!.permissions).toEqual(['view', 'alarms.acknowledge', 'tags.write']);
    expect(users.saveRole(ADMIN, 'admin', ['view'])).toMatchObject({ ok: false, error: { path: 'permissions' } });
  });

  it('issues API tokens once, stores only their hash, and refuses revoked and expired ones', async () => {
    await users.createFirstAdmin({ name: 'alice', fullName: '', password: 'first-admin-pass' }, STATION);
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
