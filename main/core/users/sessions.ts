import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../common/clock.ts';
import { ok, type Problem, type Result } from '../../../common/result.ts';
import type { SessionRow, UserStore } from './user-store.ts';
import { failWith, problemWith, type ReasonText } from '../../../common/reasons.ts';

/** Why a session ended, as stored and as the window that comes back is told. */
export type SessionEnd = 'logout' | 'switch' | 'inactivity' | 'lifetime' | 'disabled' | 'password';

export interface SessionLimits {
  /** Ends after this long without a person's action. */
  idleMs: number;
  /** Ends this long after signing in, active or not. */
  lifetimeMs: number;
}

/** A session's activity is written at most this often (every acting call touches it). */
const TOUCH_EVERY_MS = 5_000;

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 120 && m % 60 === 0 ? `${m / 60} h` : `${m} min`;
}

/**
 * Sign-in sessions kept in users.sqlite, so a window that reconnects after a runtime restart is still
 * signed in. Only the SHA-256 of a resume token is stored (a copy of the file signs nobody in). Each
 * write is one SQLite statement (WAL, synchronous), so a crash keeps every session started before it.
 * A session ends after `idleMs` without activity or `lifetimeMs` after signing in, and when the person
 * signs out, is disabled or gets a new password; an ended session keeps its reason until it would have
 * expired, so `resume` can say why (a data folder reset makes every token unknown, and says so).
 *
 * When users.sqlite cannot be written (a full disk), signing in and out still work: the sessions and
 * ends the store could not take are held in memory (`held`, checked before the store), and last until
 * the runtime stops. A control room must not lose its sign-in to a full disk.
 */
export class Sessions {
  private readonly store: UserStore;
  private readonly clock: Clock;
  private readonly limits: () => SessionLimits;
  private readonly held = new Map<string, SessionRow>();

  constructor(store: UserStore, clock: Clock, limits: () => SessionLimits) {
    this.store = store;
    this.clock = clock;
    this.limits = limits;
  }

  /** A new session for `name`: the resume token (given to the window, never stored). */
  start(name: string): string {
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    const { idleMs, lifetimeMs } = this.limits();
    this.store.pruneSessions(now - lifetimeMs - idleMs);
    for (const [hash, row] of this.held) if (row.last_activity < now - lifetimeMs - idleMs) this.held.delete(hash);
    const row = { token_hash: hashOf(token), name, started_at: now, last_activity: now };
    if (!this.store.insertSession(row)) this.held.set(row.token_hash, { ...row, ended_reason: null });
    return token;
  }

  private row(hash: string): SessionRow | undefined {
    return this.held.get(hash) ?? this.store.session(hash);
  }

  /** Ends a session the store cannot record the end of, in memory. */
  private endHeld(row: SessionRow, reason: SessionEnd): void {
    this.held.set(row.token_hash, { ...row, ended_reason: reason });
  }

  /**
   * The person behind a live token; `touch` (a person's action) restarts the idle time. A session past
   * a limit ends here with its reason (`expired` tells the caller to audit it). The refusal says why in
   * a sentence; its path is `session` for a timeout, `resumeToken` otherwise.
   */
  check(token: string, touch: boolean): Result<{ name: string }, Problem & { expired?: { name: string; reason: SessionEnd } }> {
    const hash = hashOf(token);
    const row = this.row(hash);
    if (!row) return failWith('unauthenticated', 'session.unknown', {}, 'resumeToken');
    if (row.ended_reason !== null) return { ok: false, error: endedProblem(row.name, row.ended_reason as SessionEnd, this.limits()) };
    const now = this.clock.now();
    const { idleMs, lifetimeMs } = this.limits();
    const expired: SessionEnd | undefined = now - row.started_at > lifetimeMs ? 'lifetime' : now - row.last_activity > idleMs ? 'inactivity' : undefined;
    if (expired) {
      this.end(token, expired);
      return { ok: false, error: { ...endedProblem(row.name, expired, this.limits()), expired: { name: row.name, reason: expired } } };
    }
    if (touch && now - row.last_activity >= TOUCH_EVERY_MS) {
      const held = this.held.get(hash);
      if (held) held.last_activity = now;
      else this.store.touchSession(hash, now);
    }
    return ok({ name: row.name });
  }

  /** When the session ends without further activity (epoch ms). */
  expiresAt(token: string): number {
    const row = this.row(hashOf(token));
    if (!row || row.ended_reason !== null) return this.clock.now();
    const { idleMs, lifetimeMs } = this.limits();
    return Math.min(row.last_activity + idleMs, row.started_at + lifetimeMs);
  }

  /** Ends one session; false when it was not alive. */
  end(token: string, reason: SessionEnd): boolean {
    const hash = hashOf(token);
    const held = this.held.get(hash);
    if (held) {
      if (held.ended_reason !== null) return false;
      held.ended_reason = reason;
      this.store.endSessions({ tokenHash: hash }, reason);
      return true;
    }
    const ended = this.store.endSessions({ tokenHash: hash }, reason);
    if (ended !== undefined) return ended > 0;
    const row = this.store.session(hash);
    if (!row || row.ended_reason !== null) return false;
    this.endHeld(row, reason);
    return true;
  }

  /** Ends every live session of a person, but the one of `exceptToken` (the window that changed its own password). */
  endAllOf(name: string, reason: SessionEnd, exceptToken?: string): number {
    const except = exceptToken === undefined ? undefined : hashOf(exceptToken);
    let count = 0;
    for (const row of this.held.values()) {
      if (row.name !== name || row.token_hash === except || row.ended_reason !== null) continue;
      row.ended_reason = reason;
      count++;
    }
    const live = this.store.liveSessionsOf(name).filter((row) => row.token_hash !== except && !this.held.has(row.token_hash));
    if (this.store.endSessions({ name, except }, reason) !== undefined) return count + live.length;
    for (const row of live) this.endHeld(row, reason);
    return count + live.length;
  }
}

/** Why a person was signed out, as a key and parameters (common/reasons.ts) for the sign-in dialog. */
export function endedText(name: string, reason: SessionEnd, limits: SessionLimits): ReasonText {
  switch (reason) {
    case 'inactivity':
      return { key: 'session.endedInactivity', params: { name, duration: minutes(limits.idleMs) } };
    case 'lifetime':
      return { key: 'session.endedLifetime', params: { name, duration: minutes(limits.lifetimeMs) } };
    case 'disabled':
      return { key: 'session.endedDisabled', params: { name } };
    case 'password':
      return { key: 'session.endedPassword', params: { name } };
    case 'logout':
    case 'switch':
      return { key: 'session.endedLogout', params: { name } };
  }
}

/** The refusal of a session that ended: its path is `session` for a timeout, `resumeToken` otherwise. */
export function endedProblem(name: string, reason: SessionEnd, limits: SessionLimits): Problem {
  const text = endedText(name, reason, limits);
  return problemWith('unauthenticated', text.key, text.params, reason === 'inactivity' ? 'session' : 'resumeToken');
}
