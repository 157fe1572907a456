import { createHash, randomBytes } from 'node:crypto';
import type { Disposable } from '../../../common/emitter.ts';
import type { Permission, RoleName } from '../../../common/permissions.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { UserNameSchema, type ApiTokenInfo, type RoleInfo, type SessionUser, type UserInfo } from '../../../common/users.ts';
import { ROLE_NAMES } from '../../../common/permissions.ts';
import { AuditBursts } from '../audit/audit-bursts.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { Clock } from '../../../common/clock.ts';
import { generateSetupCode, setupCodeMatches, type EnvAdmin } from './first-start.ts';
import { dummyHash, hashPassword, verifyPassword } from './password.ts';
import { checkNewPassword } from './password-policy.ts';
import type { SecuritySettings } from './security-settings.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { UserStore, userInfo, type UserRow } from './user-store.ts';
import { endedProblem, Sessions } from './sessions.ts';
import type { StoreHealth } from '../storage/store-health.ts';
import { failWith } from '../../../common/reasons.ts';
import { isLanguageCode, isThemeName, type LanguageCode, type Preferences, type ThemeName } from '../../../common/preferences.ts';

/** Who acts and from where, for the audit trail. */
export interface Actor {
  name: string;
  role: string;
  station: string;
}

export const API_TOKEN_PREFIX = 'lsk_';

/** The throttle's account key for setup-code attempts (not a valid user name, so never a person's). */
const SETUP_ACCOUNT = ' first-start setup code';

export interface UserServiceOptions {
  /** Waits before a throttled attempt is checked (tests pass one that moves a manual clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Groups failed sign-ins into bursts (tests shorten the quiet time). */
  burstQuietMs?: number;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Accounts, roles, sign-in with an exponential delay after failures (never a lockout), inactivity
 * timeout and API tokens. Every change and every sign-in goes to the audit trail; failed ones as one
 * record per burst. Resume tokens let a reconnecting window stay signed in, also across a restart of the
 * runtime (sessions.ts: hashed in users.sqlite, ending on idle time and lifetime). A fresh install asks
 * for a one-time setup code (first-start.ts).
 */
export class UserService implements Disposable {
  private readonly store: UserStore;
  private readonly audit: AuditSink;
  private readonly clock: Clock;
  private readonly settings: SecuritySettings;
  private readonly sessions: Sessions;
  private readonly throttle: SignInThrottle;
  private readonly failures: AuditBursts;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private code: string | undefined;

  constructor(file: string, audit: AuditSink, clock: Clock, settings: SecuritySettings, options: UserServiceOptions = {}) {
    this.store = new UserStore(file);
    this.audit = audit;
    this.clock = clock;
    this.settings = settings;
    this.sessions = new Sessions(this.store, clock, () => ({ idleMs: this.idleTimeoutMs, lifetimeMs: settings.sessionMaxHours * 3_600_000 }));
    const s = settings.signIn;
    this.throttle = new SignInThrottle({ freeFailures: s.freeFailures, firstDelayMs: s.firstDelaySeconds * 1000, maxSourceDelayMs: s.maxSourceDelaySeconds * 1000, maxAccountDelayMs: s.maxAccountDelaySeconds * 1000 });
    this.failures = new AuditBursts(audit, clock, options.burstQuietMs === undefined ? {} : { quietMs: options.burstQuietMs });
    this.sleep = options.sleep ?? ((ms) => this.timer(ms));
    if (this.firstStart) this.code = generateSetupCode();
  }

  /** The one-time setup code while no user exists (printed on the console by the host); then undefined. */
  get setupCode(): string | undefined {
    return this.firstStart ? this.code : undefined;
  }

  private timer(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => (this.sleeping.delete(entry), resolve()), ms), resolve };
      this.sleeping.add(entry);
    });
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
    const mustChangePassword = row.must_change_password !== 0;
    return { name: row.name, fullName: row.full_name, role: row.role, permissions: mustChangePassword ? ['view'] : this.store.permissionsOf(row.role), mustChangePassword, preferences: preferencesOf(row) };
  }

  /**
   * The person's own language and theme (a field left out stays; null drops it, the station's applies).
   * Not audited: it changes nothing of the plant nor anyone's rights.
   */
  savePreferences(name: string, changes: { language?: LanguageCode | null | undefined; theme?: ThemeName | null | undefined }): Result<Preferences> {
    const row = this.store.get(name);
    if (!row || row.disabled) return fail('not-found', `no account ${name}`, 'name');
    const update: { language?: string | null; theme?: string | null } = {};
    if (changes.language !== undefined) update.language = changes.language;
    if (changes.theme !== undefined) update.theme = changes.theme;
    this.store.update(row.name, update);
    return ok(preferencesOf(this.store.get(row.name)!));
  }

  /** The first administrator, from the first-start form: only with the setup code of this start. */
  async createFirstAdmin(params: { name: string; fullName: string; password: string; setupCode: string }, station: string): Promise<Result<{ user: SessionUser; resumeToken: string }>> {
    if (!this.firstStart) return fail('forbidden', 'the administrator exists already: sign in instead');
    const policy = await checkNewPassword(params.password, 'password');
    if (!policy.ok) return policy;
    // Guessing the code is slowed down like guessing a password (per source, and for everyone).
    await this.sleep(this.throttle.reserve(SETUP_ACCOUNT, station, this.clock.now()));
    const right = this.code !== undefined && setupCodeMatches(this.code, params.setupCode);
    this.throttle.settle(SETUP_ACCOUNT, station, right, this.clock.now());
    if (!right) {
      this.failures.note(`setup|${station}`, { user: params.name, role: '', station, action: 'users.createFirstAdmin.failed', target: params.name }, 'wrong setup code');
      return fail('unauthenticated', 'wrong setup code: use the one printed on the console where Lineside started', 'setupCode');
    }
    this.failures.flush(`setup|${station}`);
    const created = await this.insertFirstAdmin(params, station, 'users.createFirstAdmin');
    return created.ok ? this.startLogin(params.name, station, undefined) : created;
  }

  /**
   * LINESIDE_ADMIN_USER / LINESIDE_ADMIN_PASSWORD at the first start of an unattended install: creates
   * the administrator (as Grafana's GF_SECURITY_ADMIN_PASSWORD). Ignored once any user exists.
   */
  async createAdminFromEnvironment(admin: EnvAdmin): Promise<Result<'created' | 'ignored'>> {
    if (!this.firstStart) return ok('ignored');
    const name = UserNameSchema.safeParse(admin.name);
    if (!name.success) return fail('config-error', `LINESIDE_ADMIN_USER: ${name.error.issues[0]?.message ?? 'not a valid user name'}`, 'LINESIDE_ADMIN_USER');
    const policy = await checkNewPassword(admin.password, 'LINESIDE_ADMIN_PASSWORD');
    if (!policy.ok) return fail('config-error', `LINESIDE_ADMIN_PASSWORD: ${policy.error.message}`, 'LINESIDE_ADMIN_PASSWORD');
    const created = await this.insertFirstAdmin({ name: admin.name, fullName: '' }, 'environment', 'users.createAdminFromEnvironment', admin.password);
    return created.ok ? ok('created') : created;
  }

  private async insertFirstAdmin(params: { name: string; fullName: string; password?: string }, station: string, action: string, password = params.password ?? ''): Promise<Result<void>> {
    const hash = await hashPassword(password);
    const inserted = this.store.insert({ name: params.name, full_name: params.fullName, role: 'admin', password_hash: hash, created_at: this.clock.now(), must_change_password: 0 }, true);
    if (!inserted) return fail('forbidden', 'the administrator exists already: sign in instead');
    this.code = undefined;
    this.audit.record({ user: params.name, role: 'admin', station, action, target: params.name, newValue: { role: 'admin', fullName: params.fullName } });
    return ok(undefined);
  }

  /** Checks the password (after the delay that recent failures of the account and source ask for). */
  async login(name: string, password: string, station: string, previous?: string): Promise<Result<{ user: SessionUser; resumeToken: string }>> {
    const checked = await this.checkPassword(name, password, station, 'users.login');
    if (!checked.ok) return checked;
    return this.startLogin(checked.value, station, previous);
  }

  /**
   * A password check wherever one is entered (sign-in, signature, password change). An unknown name, a
   * disabled account and a wrong password cost the same scrypt and the same delay and get the same
   * answer; failures count towards the delay and go to the audit trail as one record per burst.
   */
  async checkPassword(name: string, password: string, station: string, action: string): Promise<Result<string>> {
    await this.sleep(this.throttle.reserve(name, station, this.clock.now()));
    const row = this.store.get(name);
    const matches = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
    const refusal = !row ? 'unknown user' : !matches ? 'wrong password' : row.disabled ? 'account disabled' : undefined;
    const now = this.clock.now();
    this.throttle.settle(name, station, refusal === undefined, now);
    const key = `${action}|${name.toLowerCase()}|${station}`;
    if (refusal !== undefined) {
      this.failures.note(key, { user: row?.name ?? name, role: row?.role ?? '', station, action: `${action}.failed`, target: row?.name ?? name }, refusal);
      return failWith('unauthenticated', 'session.wrongNameOrPassword', {}, 'password');
    }
    // The burst before this success is written first, so the trail reads in order.
    this.failures.flush(key);
    return ok(row!.name);
  }

  private startLogin(name: string, station: string, previous: string | undefined): Result<{ user: SessionUser; resumeToken: string }> {
    const user = this.sessionUser(name)!;
    const resumeToken = this.sessions.start(user.name);
    this.audit.record({ user: user.name, role: user.role, station, action: previous ? 'users.switch' : 'users.login', target: user.name, oldValue: previous });
    return ok({ user, resumeToken });
  }

  /**
   * The person behind a resume token if the session is still alive (also after a restart of the
   * runtime); one past its idle time or lifetime ends here (audited). A refusal says why in a sentence.
   */
  resume(resumeToken: string, station: string, touch: boolean): Result<SessionUser> {
    const checked = this.sessions.check(resumeToken, touch);
    if (!checked.ok) {
      const { expired, ...problem } = checked.error;
      if (expired) {
        const role = this.store.get(expired.name)?.role ?? '';
        this.audit.record({ user: expired.name, role, station, action: 'users.autoLogoff', target: expired.name, ...(expired.reason === 'lifetime' ? { newValue: { reason: 'session lifetime' } } : {}) });
      }
      return { ok: false, error: problem };
    }
    const user = this.sessionUser(checked.value.name);
    if (!user) {
      this.sessions.end(resumeToken, 'disabled');
      return { ok: false, error: endedProblem(checked.value.name, 'disabled', this.sessionLimits) };
    }
    return ok(user);
  }

  private get sessionLimits() {
    return { idleMs: this.idleTimeoutMs, lifetimeMs: this.settings.sessionMaxHours * 3_600_000 };
  }

  expiresAt(resumeToken: string): number {
    return this.sessions.expiresAt(resumeToken);
  }

  logout(resumeToken: string, actor: Actor, reason: 'user' | 'inactivity' | 'switch'): void {
    if (!this.sessions.end(resumeToken, reason === 'user' ? 'logout' : reason)) return;
    if (reason === 'switch') return;
    this.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: reason === 'inactivity' ? 'users.autoLogoff' : 'users.logout', target: actor.name });
  }

  /** The person's own new password: their other sessions (other windows, other stations) end; `keepToken`'s stays. */
  async changePassword(actor: Actor, current: string, next: string, keepToken?: string): Promise<Result<{ name: string }>> {
    const checked = await this.checkPassword(actor.name, current, actor.station, 'users.changePassword');
    if (!checked.ok) return checked;
    if (current === next) return fail('bad-request', 'the new password must differ from the current one', 'next');
    const policy = await checkNewPassword(next, 'next');
    if (!policy.ok) return policy;
    this.store.update(actor.name, { password_hash: await hashPassword(next), must_change_password: 0 });
    this.sessions.endAllOf(actor.name, 'password', keepToken);
    this.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: 'users.changePassword', target: actor.name });
    return ok({ name: actor.name });
  }

  list(): UserInfo[] {
    return this.store.list().map((row) => this.info(row));
  }

  private info(row: UserRow): UserInfo {
    return userInfo(row, this.throttle.accountState(row.name, this.clock.now()));
  }

  /**
   * A new account. Its password is the administrator's choice, so the person must choose their own
   * at the first sign-in, unless `temporary` is false (accounts seeded by tooling, not by a person).
   */
  async create(actor: Actor, params: { name: string; fullName: string; role: RoleName; password: string }, options: { temporary?: boolean } = {}): Promise<Result<UserInfo>> {
    if (this.store.get(params.name)) return fail('bad-request', `a user ${params.name} exists already`, 'name');
    const policy = await checkNewPassword(params.password, 'password');
    if (!policy.ok) return policy;
    const hash = await hashPassword(params.password);
    if (!this.store.insert({ name: params.name, full_name: params.fullName, role: params.role, password_hash: hash, created_at: this.clock.now(), must_change_password: options.temporary === false ? 0 : 1 })) {
      return fail('bad-request', `a user ${params.name} exists already`, 'name');
    }
    this.audit.record({ ...auditActor(actor), action: 'users.create', target: params.name, newValue: { role: params.role, fullName: params.fullName } });
    return ok(this.info(this.store.get(params.name)!));
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
    if (after.disabled && !before.disabled) this.sessions.endAllOf(row.name, 'disabled');
    this.audit.record({ ...auditActor(actor), action: 'users.update', target: row.name, oldValue: before, newValue: after });
    return ok(this.info(this.store.get(row.name)!));
  }

  async resetPassword(actor: Actor, name: string, password: string): Promise<Result<UserInfo>> {
    const row = this.store.get(name);
    if (!row) return fail('not-found', `no user ${name}`, 'name');
    const policy = await checkNewPassword(password, 'password');
    if (!policy.ok) return policy;
    this.store.update(row.name, { password_hash: await hashPassword(password), must_change_password: 1 });
    this.sessions.endAllOf(row.name, 'password');
    this.throttle.clearAccount(row.name);
    this.audit.record({ ...auditActor(actor), action: 'users.resetPassword', target: row.name });
    return ok(this.info(this.store.get(row.name)!));
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
    for (const entry of this.sleeping) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.sleeping.clear();
    this.failures.dispose();
    this.store.dispose();
  }
}

function auditActor(actor: Actor): { user: string; role: string; station: string } {
  return { user: actor.name, role: actor.role, station: actor.station };
}

/** What the store holds, read as the contract says (a value this build does not know is no choice). */
function preferencesOf(row: UserRow): Preferences {
  return { language: isLanguageCode(row.language) ? row.language : null, theme: isThemeName(row.theme) ? row.theme : null };
}
