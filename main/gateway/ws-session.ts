import type { WebSocket, RawData } from 'ws';
import { CALL_ACCESS } from '../../common/call-access.ts';
import { calls, isCallName, type TagChange } from '../../common/contract.ts';
import type { SessionUser } from '../../common/users.ts';
import { Emitter, type Disposable } from '../../common/emitter.ts';
import { RequestFrameSchema, type EventFrame, type ServerFrame } from '../../common/protocol.ts';
import { fail, ok, type Problem, type Result } from '../../common/result.ts';
import { problemFromZod } from '../../common/zod-problem.ts';
import type { EngineSubscription } from '../core/tags/engine-subscription.ts';
import type { TagEngine } from '../core/tags/tag-engine.ts';
import type { CallerIdentity, CallHandlers, ClientContext } from './client-context.ts';
import type { CallGate } from './call-gate.ts';
import { ConnectionLogin } from './connection-login.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { UserService } from '../core/users/user-service.ts';
import { storeProblemOf } from '../core/storage/store-errors.ts';

const MAX_SUBSCRIPTIONS = 256;
/** Above this many unsent bytes, live values wait (and keep coalescing) instead of piling up. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * One client connection: parses each frame, answers calls from the contract, and pushes the events
 * of its subscriptions. A bad frame gets an error reply; it never closes the socket or touches
 * another client.
 */
export class WsSession implements Disposable, ClientContext {
  private readonly subscriptions = new Map<number, EngineSubscription>();
  private nextSubscriptionId = 1;
  private closed = false;
  private readonly closeEmitter = new Emitter<void>();
  readonly onDidClose = (listener: () => void): Disposable => this.closeEmitter.event(listener);
  private readonly socket: WebSocket;
  private readonly handlers: CallHandlers;
  private readonly engine: TagEngine;
  private readonly metrics: GatewayMetrics;
  private readonly gate: CallGate;
  readonly station: string;
  readonly login: ConnectionLogin;
  /** The signed-in person as of the call being handled (resolved before each call). */
  private person: SessionUser | undefined;

  constructor(socket: WebSocket, handlers: CallHandlers, engine: TagEngine, metrics: GatewayMetrics, access: { gate: CallGate; users: UserService; station: string }) {
    this.gate = access.gate;
    this.station = access.station;
    this.login = new ConnectionLogin(access.users, access.station, (reason, message, text) => {
      this.person = undefined;
      this.sendEvent({ event: 'users.sessionChanged', data: { user: null, reason, message, ...(text ? { text } : {}) } });
    });
    this.socket = socket;
    this.handlers = handlers;
    this.engine = engine;
    this.metrics = metrics;
    socket.on('message', (data, isBinary) => void this.onMessage(data, isBinary));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
  }

  /** Handlers see the person as `{name, role, permissions}`; signed out, a caller with only 'view'. */
  get user(): CallerIdentity {
    const person = this.person;
    return person ? { name: person.name, role: person.role, permissions: person.permissions } : { name: 'nobody', role: 'signed-out', permissions: ['view'] };
  }

  get signedIn(): SessionUser | undefined {
    return this.person;
  }

  /** Called by the sign-in handlers, so the handler's own reply already sees the new person. */
  setSignedIn(person: SessionUser | undefined): void {
    this.person = person;
  }

  sendEvent(frame: EventFrame): void {
    this.send(frame);
  }

  addSubscription(ids: number[], maxRateMs: number, send: (id: number, changes: TagChange[]) => void): Result<number> {
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
      return fail('bad-request', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`);
    }
    const id = this.nextSubscriptionId++;
    const subscription = this.engine.subscribe(ids, (changes) => send(id, changes), {
      maxRateMs,
      ready: () => this.socket.bufferedAmount < MAX_BUFFERED_BYTES,
    });
    this.subscriptions.set(id, subscription);
    return ok(id);
  }

  removeSubscription(id: number): boolean {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return false;
    subscription.dispose();
    this.subscriptions.delete(id);
    return true;
  }

  sendChanges(subscriptionId: number, changes: TagChange[]): void {
    this.metrics.tagChangesSent += changes.length;
    this.send({ event: 'tags.changed', data: { subscriptionId, changes } });
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.login.detach();
    for (const subscription of this.subscriptions.values()) subscription.dispose();
    this.subscriptions.clear();
    this.closeEmitter.fire();
    this.closeEmitter.dispose();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(1001, 'server closing');
    }
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    this.metrics.framesReceived++;
    if (isBinary) return this.reject(null, { code: 'bad-request', message: 'binary frames are not part of the protocol; send JSON text' });
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch (error) {
      return this.reject(null, { code: 'bad-request', message: `not JSON: ${(error as Error).message}` });
    }
    const frame = RequestFrameSchema.safeParse(json);
    if (!frame.success) {
      const id = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'number' ? (json as { id: number }).id : null;
      return this.reject(Number.isSafeInteger(id) ? id : null, problemFromZod(frame.error, 'frame'));
    }
    const { id, call } = frame.data;
    if (!isCallName(call)) return this.reject(id, { code: 'unknown-call', message: `unknown call "${call}"` });
    const access = CALL_ACCESS[call];
    // Acting restarts the inactivity timeout; watching (view calls) does not.
    this.person = this.login.resolve(access !== 'view' && access !== 'public');
    const person = this.person;
    const caller = { person, station: this.station };
    const allowed = this.gate.admit(call, caller);
    if (!allowed.ok) return this.reject(id, allowed.error);
    const params = calls[call].params.safeParse(frame.data.params ?? {});
    if (!params.success) return this.reject(id, problemFromZod(params.error, 'params'));
    const admitted = await this.gate.sign(call, params.data, caller, frame.data.signature);
    if (!admitted.ok) return this.reject(id, admitted.error);
    let result: Result<unknown>;
    try {
      const handler = this.handlers[call] as (p: unknown, c: ClientContext) => Promise<Result<unknown>> | Result<unknown>;
      result = await handler(params.data, this);
    } catch (error) {
      // A store that cannot be written (disk full) is a refusal ("audit trail cannot be written: disk full").
      const problem = storeProblemOf(error, call);
      result = problem ? { ok: false, error: problem } : fail('internal', `${call} failed: ${(error as Error).message}`);
    }
    if (result.ok && admitted.value.signed && person) this.gate.recordSignature(call, person, this.station, admitted.value.signed);
    if (!result.ok && call === 'tags.write') this.gate.refusedWrite(call, caller, (params.data as { path: string }).path, result.error.message);
    if (result.ok) this.send({ id, ok: true, result: result.value } as ServerFrame);
    else this.reject(id, result.error);
  }

  private reject(id: number | null, error: Problem): void {
    this.metrics.framesRejected++;
    this.send({ id, ok: false, error });
  }

  private send(frame: ServerFrame): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.metrics.framesSent++;
    this.socket.send(JSON.stringify(frame));
  }
}
