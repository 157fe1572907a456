import { createHash, randomBytes } from 'node:crypto';
import type { Disposable } from '../../../common/emitter.ts';
import type { Permission, RoleName } from '../../../common/permissions.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { ApiTokenInfo, RoleInfo, SessionUser, UserInfo } from '../../../common/users.ts';
import { ROLE_NAMES } from '../../../common/permissions.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { Clock } from '../tags/tag-engine.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';
import type { SecuritySettings } from './security-settings.ts';
import { UserStore, userInfo } from './user-store.ts';
import type { StoreHealth } from '../storage/store-health.ts';

/** Who acts and from where, for the audit trail. */
export interface Actor {
  name: string;
  role: string;
  station: string;
}

interface LoginState {
  name: string;
  lastActivity: number;
}

export const API_TOKEN_PREFIX = 'lsk_';

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Accounts, roles, sign-in with lockout, inactivity timeout and API tokens. Every change and every
 * sign-in, failure and lockout goes to the audit trail. Resume tokens (kept in memory) let a
 * reconnecting window stay signed in; a restart of the runtime signs everyone out.
 */
export class UserService implements Disposable {
  private readonly store: UserStore;
  private readonly audit: AuditSink;
  private readonly clock: Clock;
  private readonly settings: SecuritySettings;
  private readonly logins = new Map<string, LoginState>();

  constructor(file: string, audit: AuditSink, clock: Clock, settings: SecuritySettings) {
    this.store = new UserStore(file);
    this.audit = audit;
    this.clock = clock;
    this.settings = settings;
  }

  /** The user store's health (disk full...), for the stores' status. */
  get health(): StoreHealth {
    return this.store.health;
  }

  get idleTimeoutMs(): number {
    return this.settings.idleTimeoutMinutes * 60_000;
  }

  get firstStart(): boolean {
    return this.store.count() === 0;
  }

  /** The signed-in view of an account, or undefined when it is gone or disabled. */
  sessionUser(name: string): SessionUser | undefined {
    const row = this.store.get(name);
    if (!row || row.disabled) return undefined;
    return { name: row.name, fullName: row.full_name, role: row.role, permissions: this.store.permissionsOf(row.role) };
  }

  async createFirstAdmin(params: { name: string; fullName: string; password: string }, station: string): Promise<Result<{ user: SessionUser; resumeToken: string }>> {
    if (!this.firstStart) return fail('forbidden', 'the administrator exists already: sign in instead');
    const hash = await hashPassword(params.password);
    const inserted = this.store.insert({ name: params.name, full_name: params.fullName, role: 'admin', password_hash: hash, created_at: this.clock.now() }, true);
    if (!inserted) return fail('forbidden', 'the administrator exists already: sign in instead');
    this.audit.record({ user: params.name, role: 'admin', station, action: 'users.createFirstAdmin', target: params.name, newValue: { role: 'admin', fullName: params.fullName } });
    return this.startLogin(params.name, station, undefined);
  }

  /** Checks the password; N failures in a row lock the account for M minutes. */
  async login(name: string, password: string, station: string, previous?: string): Promise<Result<{ user: SessionUser; resumeToken: string }>> {
    const checked = await this.checkPassword(name, password, station, 'users.login');
    if (!checked.ok) return checked;
    return this.startLogin(checked.value, station, previous);
  }

  /** A wrong password counts towards the lockout, wherever it is entered (sign-in or signature). */
  async checkPassword(name: string, password: string, station: string, action: string): Promise<Result<string>> {
    const row = this.store.get(name);
    const now = this.clock.now();
    const refused = fail('unauthenticated', 'wrong user name or password', 'password');
    if (!row) {
      await verifyPassword(password, await dummyHash());
      this.audit.record({ user: name, role: '', station, action: `${action}.failed`, target: name, reason: 'unknown user' });
      return refused;
    }
    if (row.locked_until !== null && row.locked_until > now) {
      this.audit.record({ user: row.name, role: row.role, station, action: `${action}.failed`, target: row.name, reason: 'locked out' });
      const minutes = Math.ceil((row.locked_until - now) / 60_000);
      return fail('unauthenticated', `${row.name} is locked after repeated wrong passwords; try again in ${minutes} min or ask an administrator`, 'name');
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      const attempts = row.failed_attempts + 1;
      const lock = attempts >= this.settings.lockout.attempts;
      this.store.update(row.name, { failed_attempts: lock ? 0 : attempts, locked_until: lock ? now + this.settings.lockout.minutes * 60_000 : null });
      this.audit.record({ user: row.name, role: row.role, station, action: `${action}.failed`, target: row.name, reason: 'wrong password' });
      if (lock) {
        this.audit.record({ user: row.name, role: row.role, station, action: 'users.lockout', target: row.name, reason: `${attempts} wrong passwords`, newValue: { minutes: this.settings.lockout.minutes } });
      }
      return refused;
    }
    if (row.disabled) {
      this.audit.record({ user: row.name, role: row.role, station, action: `${action}.failed`, target: row.name, reason: 'account disabled' });
      return fail('unauthenticated', `${row.name} is disabled; ask an administrator`, 'name');
    }
    if (row.failed_attempts !== 0 || row.locked_until !== null) this.store.update(row.name, { failed_attempts: 0, locked_until: null });
    return ok(row.name);
  }

  private startLogin(name: string, station: string, previous: string | undefined): Result<{ user: SessionUser; resumeToken: string }> {
    const user = this.sessionUser(name)!;
    const resumeToken = randomBytes(24).toString('base64url');
    // Sessions of windows that closed without signing out end here, once idle past the timeout.
    const now = this.clock.now();
    for (const [token, state] of this.logins) if (now - state.lastActivity > this.idleTimeoutMs) this.logins.delete(token);
    this.logins.set(resumeToken, { name: user.name, lastActivity: this.clock.now() });
    this.audit.record({ user: user.name, role: user.role, station, action: previous ? 'users.switch' : 'users.login', target: user.name, oldValue: previous });
    return ok({ user, resumeToken });
  }

  /** The person behind a resume token if the session is still alive; an idle one ends here (audited). */
  resume(resumeToken: string, station: string, touch: boolean): Result<SessionUser> {
    const state = this.logins.get(resumeToken);
    if (!state) return fail('unauthenticated', 'not signed in (or the session ended): sign in', 'resumeToken');
    const user = this.sessionUser(state.name);
    const now = this.clock.now();
    if (!user) {
      this.logins.delete(resumeToken);
      return fail('unauthenticated', `${state.name} is disabled`, 'resumeToken');
    }
    if (now - state.lastActivity > this.idleTimeoutMs) {
      this.logout(resumeToken, { name: user.name, role: user.role, station }, 'inactivity');
      return fail('unauthenticated', `${user.name} was signed out after ${this.settings.idleTimeoutMinutes} min without activity: sign in again`, 'session');
    }
    if (touch) state.lastActivity = now;
    return ok(user);
  }

  expiresAt(resumeToken: string): number {
    const state = this.logins.get(resumeToken);
    return state ? state.lastActivity + this.idleTimeoutMs : this.clock.now();
  }

  logout(resumeToken: string, actor: Actor, reason: 'user' | 'inactivity' | 'switch'): void {
    if (!this.logins.delete(resumeToken)) return;
    if (reason === 'switch') return;
    this.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: reason === 'inactivity' ? 'users.autoLogoff' : 'users.logout', target: actor.name });
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<Result<{ name: string }>> {
    const checked = await this.checkPassword(actor.name, current, actor.station, 'users.changePassword');
    if (!checked.ok) return checked;
    if (current === next) return fail('bad-request', 'the new password must differ from the current one', 'next');
    this.store.update(actor.name, { password_hash: await hashPassword(next) });
    this.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: 'users.changePassword', target: actor.name });
    return ok({ name: actor.name });
  }

  list(): UserInfo[] {
    const now = this.clock.now();
    return this.store.list().map((row) => userInfo(row, now));
  }

  async create(actor: Actor, params: { name: string; fullName: string; role: RoleName; password: string }): Promise<Result<UserInfo>> {
    if (this.store.get(params.name)) return fail('bad-request', `a user ${params.name} exists already`, 'name');
    const hash = await hashPassword(params.password);
    if (!this.store.insert({ name: params.name, full_name: params.fullName, role: params.role, password_hash: hash, created_at: this.clock.now() })) {
      return fail('bad-request', `a user ${params.name} exists already`, 'name');
    }
    this.audit.record({ ...auditActor(actor), action: 'users.create', target: params.name, newValue: { role: params.role, fullName: params.fullName } });
    return ok(userInfo(this.store.get(params.name)!, this.clock.now()));
  }

  update(actor: Actor, params: { name: string; fullName?: string | undefined; role?: RoleName | undefined; disabled?: boolean | undefined }): Result<UserInfo> {
    const row = this.store.get(params.name);
    if (!row) return fail('not-found', `no user ${params.name}`, 'name');
    const removesLastAdmin = row.role === 'admin' && !row.disabled && ((params.role !== undefined && params.role !== 'admin') || params.disabled === true);
    if (removesLastAdmin && this.store.list().filter((u) => u.role === 'admin' && !u.disabled).length === 1) {
      return fail('bad-request', `${row.name} is the only active administrator: make another one first`, params.disabled === true ? 'disabled' : 'role');
    }
    const before = { fullName: row.full_name, role: row.role, disabled: row.disabled !== 0 };
    const after = { fullName: params.fullName ?? before.fullName, role: params.role ?? before.role, disabled: params.disabled ?? before.disabled };
    this.store.update(row.name, { full_name: after.fullName, role: after.role, disabled: after.disabled ? 1 : 0 });
    this.audit.record({ ...auditActor(actor), action: 'users.update', target: row.name, oldValue: before, newValue: after });
    return ok(userInfo(this.store.get(row.name)!, this.clock.now()));
  }

  async resetPassword(actor: Actor, name: string, password: string): Promise<Result<UserInfo>> {
    const row = this.store.get(name);
    if (!row) return fail('not-found', `no user ${name}`, 'name');
    this.store.update(row.name, { password_hash: await hashPassword(password), failed_attempts: 0, locked_until: null });
    this.audit.record({ ...auditActor(actor), action: 'users.resetPassword', target: row.name });
    return ok(userInfo(this.store.get(row.name)!, this.clock.now()));
  }

  roles(): RoleInfo[] {
    return ROLE_NAMES.map((role) => ({ role, permissions: this.store.permissionsOf(role) }));
  }

  saveRole(actor: Actor, role: RoleName, permissions: readonly Permission[]): Result<RoleInfo> {
    const next = [...new Set<Permission>(['view', ...permissions])];
    if (role === 'admin') return fail('bad-request', 'the admin role always holds every permission (so someone can always manage users)', 'permissions');
    const before = this.store.permissionsOf(role);
    this.store.setPermissions(role, next);
    this.audit.record({ ...auditActor(actor), action: 'users.roles.save', target: role, oldValue: before, newValue: next });
    return ok({ role, permissions: next });
  }

  tokens(): ApiTokenInfo[] {
    return this.store.tokens();
  }

  createToken(actor: Actor, params: { name: string; scopes: readonly Permission[]; expiresAt?: number | undefined }): Result<{ token: string; info: ApiTokenInfo }> {
    const now = this.clock.now();
    if (params.expiresAt !== undefined && params.expiresAt <= now) return fail('bad-request', 'the expiry must be in the future', 'expiresAt');
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = randomBytes(8).toString('hex');
    const scopes = [...new Set(params.scopes)];
    this.store.insertToken({ id, name: params.name, hash: tokenHash(token), scopes: JSON.stringify(scopes), created_by: actor.name, created_at: now, expires_at: params.expiresAt ?? null, revoked_at: null, last_used_at: null });
    this.audit.record({ ...auditActor(actor), action: 'users.tokens.create', target: params.name, newValue: { id, scopes, expiresAt: params.expiresAt ?? null } });
    return ok({ token, info: this.store.tokens().find((t) => t.id === id)! });
  }

  revokeToken(actor: Actor, id: string): Result<ApiTokenInfo> {
    const existing = this.store.tokens().find((t) => t.id === id);
    if (!existing) return fail('not-found', `no API token ${id}`, 'id');
    if (existing.revokedAt !== null) return ok(existing);
    const info = this.store.updateToken(id, { revoked_at: this.clock.now() })!;
    this.audit.record({ ...auditActor(actor), action: 'users.tokens.revoke', target: existing.name, oldValue: { id } });
    return ok(info);
  }

  /** The token's identity when it is known, not revoked and not expired. */
  authenticateToken(token: string): ApiTokenInfo | undefined {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const info = this.store.tokenByHash(tokenHash(token));
    const now = this.clock.now();
    if (!info || info.revokedAt !== null || (info.expiresAt !== null && info.expiresAt <= now)) return undefined;
    // Recording each use would write on every request; once a minute says enough about "still in use".
    if (info.lastUsedAt === null || now - info.lastUsedAt > 60_000) this.store.touchToken(info.id, now);
    return info;
  }

  dispose(): void {
    this.logins.clear();
    this.store.dispose();
  }
}

function auditActor(actor: Actor): { user: string; role: string; station: string } {
  return { user: actor.name, role: actor.role, station: actor.station };
}
