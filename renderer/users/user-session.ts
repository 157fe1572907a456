import type { SessionUser } from '../../common/users.ts';
import type { GatewayClient } from '../client/gateway-client.ts';
import { Cell } from '../store/cell.ts';
import { problemText } from '../ui/texts.ts';

const RESUME_KEY = 'lineside.resume';
/** A person's input tells the runtime at most this often that they are still there. */
const KEEP_ALIVE_EVERY_MS = 30_000;

/** 'ended': the runtime ended the session or could not resume it (`signedOutMessage` says why). */
export type SignedOutReason = 'logout' | 'inactivity' | 'disabled' | 'ended' | undefined;

/**
 * The person signed in at this station. A window starts signed out (view only) and stays signed in
 * across reconnects and reloads through a resume token in sessionStorage. Input (pointer, keys)
 * restarts the inactivity timeout; when it runs out the station signs its person out.
 */
export class UserSession {
  readonly user = new Cell<SessionUser | null>(null);
  readonly firstStart = new Cell(false);
  /** Why the last person was signed out, for the sign-in dialog to say. */
  readonly signedOutBecause = new Cell<SignedOutReason>(undefined);
  /** The runtime's own sentence for why (a restart on a reset data folder, a changed password...). */
  readonly signedOutMessage = new Cell<string | undefined>(undefined);
  /** The sign-in dialog (also the quick user switch of a shared station) is open. */
  readonly dialogOpen = new Cell(false);
  /** The setup code the desktop shell handed over on a fresh install (the form is filled in with it). */
  readonly setupCode: string | undefined;
  readonly #client: GatewayClient;
  readonly #storage: Storage | undefined;
  readonly #disposers: (() => void)[] = [];
  #idleTimeoutMs = 15 * 60_000;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastKeepAlive = 0;

  constructor(client: GatewayClient, storage: Storage | undefined, setupCode?: string) {
    this.#client = client;
    this.#storage = storage;
    this.setupCode = setupCode;
    this.#disposers.push(
      client.onDidChangeState((state) => {
        if (state === 'open') void this.#onOpen();
      }),
      client.on('users.sessionChanged', ({ user, reason, message, text }) => {
        if (user === null) {
          this.#signedOut(reason === 'login' ? 'logout' : reason, message === undefined ? undefined : problemText({ message, text }));
        } else this.#setUser(user);
      }),
    );
    if (client.state === 'open') void this.#onOpen();
  }

  async login(name: string, password: string): Promise<SessionUser> {
    const { user, resumeToken } = await this.#client.call('users.login', { name, password });
    this.#remember(resumeToken);
    this.#setUser(user);
    return user;
  }

  async createFirstAdmin(name: string, fullName: string, password: string, setupCode: string): Promise<SessionUser> {
    const { user, resumeToken } = await this.#client.call('users.createFirstAdmin', { name, fullName, password, setupCode });
    this.#remember(resumeToken);
    this.firstStart.set(false);
    this.#setUser(user);
    return user;
  }

  /** The person's own new password; after a forced change, the session gets its permissions back. */
  async changePassword(current: string, next: string): Promise<void> {
    await this.#client.call('users.changePassword', { current, next });
    const { user } = await this.#client.call('session.info', {});
    if (user) this.#setUser(user);
  }

  async logout(reason: 'user' | 'inactivity' = 'user'): Promise<void> {
    this.#signedOut(reason === 'user' ? 'logout' : 'inactivity');
    if (reason === 'inactivity') this.dialogOpen.set(true);
    await this.#client.call('users.logout', { reason }).catch(() => undefined);
  }

  /** A person's input: restarts the idle timer, and now and then the runtime's. */
  activity(): void {
    if (this.user.get() === null) return;
    this.#armIdle();
    const now = Date.now();
    if (now - this.#lastKeepAlive > KEEP_ALIVE_EVERY_MS) {
      this.#lastKeepAlive = now;
      this.#client.call('users.keepAlive', {}).catch(() => undefined);
    }
  }

  /** This window's sign-in as the runtime knows it (the desktop shell proves a kiosk unlock with it). */
  get resumeToken(): string | undefined {
    return this.#stored();
  }

  dispose(): void {
    clearTimeout(this.#idleTimer);
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  async #onOpen(): Promise<void> {
    const resumeToken = this.#stored();
    if (resumeToken !== undefined && this.user.get() === null) {
      try {
        const { user } = await this.#client.call('users.resume', { resumeToken });
        this.#setUser(user);
      } catch (error) {
        // A reload whose sign-in could not be resumed: say why, with the sign-in form.
        this.#remember(undefined);
        this.#ended(error);
      }
    } else if (resumeToken !== undefined) {
      // Reconnected while signed in (the runtime may have restarted): the new connection starts signed out until it resumes.
      await this.#client.call('users.resume', { resumeToken }).catch((error: unknown) => {
        this.#signedOut('ended', messageOf(error));
        this.dialogOpen.set(true);
      });
    }
    try {
      const info = await this.#client.call('session.info', {});
      this.firstStart.set(info.firstStart);
      this.#idleTimeoutMs = info.idleTimeoutMs;
      if (info.user === null && this.user.get() !== null && this.#stored() === undefined) this.#signedOut('logout');
    } catch (error) {
      console.warn('session.info failed', error);
    }
  }

  #setUser(user: SessionUser): void {
    this.signedOutBecause.set(undefined);
    this.signedOutMessage.set(undefined);
    this.user.set(user);
    this.#lastKeepAlive = Date.now();
    this.#armIdle();
  }

  #signedOut(reason: SignedOutReason, message?: string): void {
    clearTimeout(this.#idleTimer);
    this.#remember(undefined);
    if (this.user.get() !== null) {
      this.signedOutBecause.set(reason);
      this.signedOutMessage.set(message);
    }
    this.user.set(null);
  }

  #ended(error: unknown): void {
    this.signedOutBecause.set('ended');
    this.signedOutMessage.set(messageOf(error));
    this.dialogOpen.set(true);
  }

  #armIdle(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => void this.logout('inactivity'), this.#idleTimeoutMs);
  }

  #stored(): string | undefined {
    try {
      return this.#storage?.getItem(RESUME_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  }

  #remember(token: string | undefined): void {
    try {
      if (token === undefined) this.#storage?.removeItem(RESUME_KEY);
      else this.#storage?.setItem(RESUME_KEY, token);
    } catch {
      // Storage can be disabled: the sign-in then lasts as long as the connection.
    }
  }
}

/** The runtime's reason in the reader's language (ui/texts.ts). */
function messageOf(error: unknown): string {
  return problemText(error);
}
