import type { Problem } from '../../common/result.ts';
import type { SessionUser } from '../../common/users.ts';
import type { UserService } from '../core/users/user-service.ts';

export type SessionEndReason = 'logout' | 'inactivity' | 'disabled';

/**
 * Who is signed in on one connection. A connection starts signed out; signing in attaches a resume
 * token, checked against the user service on every call (so a disabled account, a changed role or an
 * idle timeout takes effect at once). `onEnded` tells the client when the runtime ended its session.
 */
export class ConnectionLogin {
  private token: string | undefined;
  private readonly users: UserService;
  private readonly station: string;
  private readonly onEnded: (reason: SessionEndReason, message: string, text?: Problem['text']) => void;

  constructor(users: UserService, station: string, onEnded: (reason: SessionEndReason, message: string, text?: Problem['text']) => void) {
    this.users = users;
    this.station = station;
    this.onEnded = onEnded;
  }

  get resumeToken(): string | undefined {
    return this.token;
  }

  /** The signed-in person now; `touch` (a person's action) restarts the inactivity timeout. */
  resolve(touch: boolean): SessionUser | undefined {
    if (this.token === undefined) return undefined;
    const resumed = this.users.resume(this.token, this.station, touch);
    if (resumed.ok) return resumed.value;
    this.token = undefined;
    this.onEnded(resumed.error.path === 'session' ? 'inactivity' : 'disabled', resumed.error.message, resumed.error.text);
    return undefined;
  }

  /** Attaches a new sign-in; a person signed in before is signed out without a second audit record. */
  begin(resumeToken: string): void {
    if (this.token !== undefined && this.token !== resumeToken) {
      this.users.logout(this.token, { name: '', role: '', station: this.station }, 'switch');
    }
    this.token = resumeToken;
  }

  end(user: SessionUser | undefined, reason: 'user' | 'inactivity'): void {
    if (this.token === undefined) return;
    this.users.logout(this.token, { name: user?.name ?? '', role: user?.role ?? '', station: this.station }, reason);
    this.token = undefined;
  }

  /** The connection closed: the resume token stays valid, so a reloading window can resume. */
  detach(): void {
    this.token = undefined;
  }
}
