import type Database from 'better-sqlite3';
import type { Disposable } from '../../../common/emitter.ts';
import { DEFAULT_ROLE_PERMISSIONS, isPermission, PERMISSIONS, ROLE_NAMES, type Permission, type RoleName } from '../../../common/permissions.ts';
import type { ApiTokenInfo, UserInfo } from '../../../common/users.ts';
import { isStoreError } from '../storage/store-errors.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import { openWatchedStore } from '../storage/watched-store.ts';
import type { Migration } from '../storage/store-spec.ts';

export interface UserRow {
  name: string;
  full_name: string;
  role: RoleName;
  password_hash: string;
  disabled: number;
  created_at: number;
  failed_attempts: number;
  locked_until: number | null;
  /** 1 while the password is one an administrator set (changed by the person at the next sign-in). */
  must_change_password: number;
  /** The person's own interface language and theme; null: the station's. */
  language: string | null;
  theme: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  hash: string;
  scopes: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER
);
CREATE TABLE IF NOT EXISTS roles (
  role TEXT PRIMARY KEY,
  permissions TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);`;

/** users.sqlite's schema versions; 1 is the schema from before versions. */
export const USERS_MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'accounts, roles and API tokens', up: (db) => db.exec(SCHEMA) },
  {
    version: 2,
    description: 'a password an administrator set must be changed at the next sign-in (existing accounts keep their own)',
    up: (db) => {
      const columns = db.prepare('PRAGMA table_info(users)').all() as { name: string }[];
      if (!columns.some((c) => c.name === 'must_change_password')) db.exec('ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0');
    },
  },
  {
    version: 3,
    description: 'sign-in sessions survive a restart (SHA-256 of each resume token, never the token; an ended one keeps its reason until it would have expired)',
    up: (db) =>
      db.exec(`CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  started_at INTEGER NOT NULL,
  last_activity INTEGER NOT NULL,
  ended_reason TEXT
)`),
  },
  {
    version: 4,
    description: "each person's own interface language and theme, so they follow the person to any station (null: the station's)",
    up: (db) => {
      const columns = db.prepare('PRAGMA table_info(users)').all() as { name: string }[];
      if (!columns.some((c) => c.name === 'language')) db.exec('ALTER TABLE users ADD COLUMN language TEXT');
      if (!columns.some((c) => c.name === 'theme')) db.exec('ALTER TABLE users ADD COLUMN theme TEXT');
    },
  },
];

/** One sign-in session as stored: the resume token only as its hash. */
export interface SessionRow {
  token_hash: string;
  name: string;
  started_at: number;
  last_activity: number;
  /** Why it ended (kept so a window that comes back is told why); null while it is alive. */
  ended_reason: string | null;
}

/** Accounts, role permission sets and API token hashes in one SQLite file of the data folder. */
export class UserStore implements Disposable {
  private readonly db: Database.Database;
  /** Ok, or failing (disk full...): a write then throws a StoreUnavailableError the caller turns into a refusal. */
  readonly health: StoreHealth;
  /** Prepared once: the gateway reads an account and its role on every acting call. */
  private readonly statements = new Map<string, Database.Statement>();

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  constructor(file: string, options: StoreHealthOptions = {}) {
    const watched = openWatchedStore(
      {
        store: 'users',
        file,
        migrations: USERS_MIGRATIONS,
        holds: 'the user accounts, roles and API tokens',
        emptyMeans: 'the station would start as on its first start and ask for a new administrator',
      },
      options,
    );
    this.db = watched.db;
    this.health = watched.health;
    // Roles a later version adds; nothing is written when all are there (a full disk at start is fine).
    this.write(() => {
      const insert = this.db.prepare('INSERT OR IGNORE INTO roles (role, permissions) VALUES (?, ?)');
      for (const role of ROLE_NAMES) if (!this.db.prepare('SELECT 1 FROM roles WHERE role = ?').get(role)) insert.run(role, JSON.stringify(DEFAULT_ROLE_PERMISSIONS[role]));
    }, false);
  }

  /** Runs a write; a failing store (disk full...) throws its refusal, reported to the health. */
  private write<T>(work: () => T, rethrow = true): T | undefined {
    try {
      const result = work();
      this.health.succeeded();
      return result;
    } catch (error) {
      if (!isStoreError(error)) throw error;
      const refusal = this.health.failed(error);
      if (rethrow) throw refusal;
      return undefined;
    }
  }

  count(): number {
    return (this.statement('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  get(name: string): UserRow | undefined {
    return this.statement('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  list(): UserRow[] {
    return this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[];
  }

  /** Inserts only when `onlyIfEmpty` holds inside the same transaction (the first administrator). */
  insert(row: Omit<UserRow, 'failed_attempts' | 'locked_until' | 'disabled' | 'language' | 'theme'>, onlyIfEmpty = false): boolean {
    return this.write(() =>
      this.db.transaction(() => {
        if (onlyIfEmpty && this.count() > 0) return false;
        if (this.get(row.name)) return false;
        this.db.prepare('INSERT INTO users (name, full_name, role, password_hash, created_at, must_change_password) VALUES (@name, @full_name, @role, @password_hash, @created_at, @must_change_password)').run(row);
        return true;
      })(),
    )!;
  }

  update(name: string, changes: Partial<Pick<UserRow, 'full_name' | 'role' | 'password_hash' | 'disabled' | 'must_change_password' | 'language' | 'theme'>>): void {
    const keys = Object.keys(changes) as (keyof typeof changes)[];
    if (keys.length === 0) return;
    this.write(() => this.db.prepare(`UPDATE users SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE name = @name`).run({ ...changes, name }));
  }

  /** The admin role holds every permission, also those a later version adds. */
  permissionsOf(role: RoleName): Permission[] {
    if (role === 'admin') return [...PERMISSIONS];
    const row = this.statement('SELECT permissions FROM roles WHERE role = ?').get(role) as { permissions: string } | undefined;
    if (!row) return [];
    return (JSON.parse(row.permissions) as string[]).filter(isPermission);
  }

  setPermissions(role: RoleName, permissions: readonly Permission[]): void {
    this.write(() => this.db.prepare('INSERT INTO roles (role, permissions) VALUES (?, ?) ON CONFLICT (role) DO UPDATE SET permissions = excluded.permissions').run(role, JSON.stringify(permissions)));
  }

  insertToken(row: TokenRow): void {
    this.write(() => this.db.prepare('INSERT INTO api_tokens VALUES (@id, @name, @hash, @scopes, @created_by, @created_at, @expires_at, @revoked_at, @last_used_at)').run(row));
  }

  tokenByHash(hash: string): ApiTokenInfo | undefined {
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE hash = ?').get(hash) as TokenRow | undefined;
    return row && tokenInfo(row);
  }

  tokens(): ApiTokenInfo[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY created_at').all() as TokenRow[]).map(tokenInfo);
  }

  updateToken(id: string, changes: { revoked_at?: number; last_used_at?: number }): ApiTokenInfo | undefined {
    const keys = Object.keys(changes);
    if (keys.length > 0) this.write(() => this.db.prepare(`UPDATE api_tokens SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...changes, id }));
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return row && tokenInfo(row);
  }

  /** Notes a token's use; on a failing store the note is skipped (reads with the token keep working). */
  touchToken(id: string, at: number): void {
    this.write(() => this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id), false);
  }

  /** False when the store cannot take it (a full disk): the caller keeps the session in memory. */
  insertSession(row: Omit<SessionRow, 'ended_reason'>): boolean {
    return this.write(() => this.statement('INSERT INTO sessions (token_hash, name, started_at, last_activity) VALUES (@token_hash, @name, @started_at, @last_activity)').run(row), false) !== undefined;
  }

  /** A person's sessions that have not ended. */
  liveSessionsOf(name: string): SessionRow[] {
    return this.statement('SELECT * FROM sessions WHERE name = ? AND ended_reason IS NULL').all(name) as SessionRow[];
  }

  session(tokenHash: string): SessionRow | undefined {
    return this.statement('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as SessionRow | undefined;
  }

  /** Notes activity; on a failing store the note is skipped (the session then expires by its last note). */
  touchSession(tokenHash: string, at: number): void {
    this.write(() => this.statement('UPDATE sessions SET last_activity = ? WHERE token_hash = ? AND ended_reason IS NULL').run(at, tokenHash), false);
  }

  /** Ends one session, or every live one of a person (but `except`); returns how many ended, undefined when the store cannot record it. */
  endSessions(where: { tokenHash: string } | { name: string; except?: string | undefined }, reason: string): number | undefined {
    const run = () =>
      'tokenHash' in where
        ? this.statement('UPDATE sessions SET ended_reason = ? WHERE token_hash = ? AND ended_reason IS NULL').run(reason, where.tokenHash).changes
        : this.statement('UPDATE sessions SET ended_reason = ? WHERE name = ? AND token_hash != ? AND ended_reason IS NULL').run(reason, where.name, where.except ?? '').changes;
    return this.write(run, false);
  }

  /** Forgets sessions whose last activity is older than `before` (ended or expired long ago). */
  pruneSessions(before: number): void {
    this.write(() => this.statement('DELETE FROM sessions WHERE last_activity < ?').run(before), false);
  }

  dispose(): void {
    this.health.dispose();
    if (this.db.open) this.db.close();
  }
}

export type { TokenRow };

/** An account as clients see it; the sign-in delay comes from the throttle (kept in memory). */
export function userInfo(row: UserRow, signIn: { failures: number; delayedUntil: number | null }): UserInfo {
  return {
    name: row.name,
    fullName: row.full_name,
    role: row.role,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
    delayedUntil: signIn.delayedUntil,
    failedAttempts: signIn.failures,
    mustChangePassword: row.must_change_password !== 0,
  };
}

function tokenInfo(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: (JSON.parse(row.scopes) as string[]).filter(isPermission),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
export const USERS_FILE = 'users.sqlite';
