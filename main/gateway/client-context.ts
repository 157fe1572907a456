import type { CallName, CallResult, ParsedCallParams, TagChange } from '../../common/contract.ts';
import type { Disposable } from '../../common/emitter.ts';
import type { EventFrame } from '../../common/protocol.ts';
import type { Result } from '../../common/result.ts';
import type { SessionUser } from '../../common/users.ts';
import type { ConnectionLogin } from './connection-login.ts';

/**
 * Who is calling: the signed-in person (or, signed out, 'nobody' with only 'view'). The gateway has
 * checked the call's permission before the handler runs (call-gate.ts); `permissions` lets services
 * check finer rules against the same sets.
 */
export interface CallerIdentity {
  name: string;
  role: string;
  permissions?: readonly string[];
}

/** Per-connection state the handlers need: who is calling and its subscriptions. */
export interface ClientContext {
  readonly user: CallerIdentity;
  /** Where the client is (its address), for the audit trail. */
  readonly station: string;
  /** This connection's sign-in (user-handlers.ts). */
  readonly login: ConnectionLogin;
  readonly signedIn: SessionUser | undefined;
  setSignedIn(person: SessionUser | undefined): void;
  addSubscription(ids: number[], maxRateMs: number, send: (id: number, changes: TagChange[]) => void): Result<number>;
  removeSubscription(id: number): boolean;
  sendChanges(id: number, changes: TagChange[]): void;
  /** Pushes an event of the contract to this client (alarm subscriptions). */
  sendEvent(frame: EventFrame): void;
  /** Fires once when the connection closes, so per-client state elsewhere is released. */
  onDidClose(listener: () => void): Disposable;
}

export type Handler<C extends CallName> = (params: ParsedCallParams<C>, client: ClientContext) => Promise<Result<CallResult<C>>> | Result<CallResult<C>>;
export type CallHandlers = { [C in CallName]: Handler<C> };
