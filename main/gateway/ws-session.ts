import type { WebSocket, RawData } from 'ws';
import { calls, isCallName, type TagChange } from '../../common/contract.ts';
import { Emitter, type Disposable } from '../../common/emitter.ts';
import { RequestFrameSchema, type EventFrame, type ServerFrame } from '../../common/protocol.ts';
import { fail, ok, type Problem, type Result } from '../../common/result.ts';
import { problemFromZod } from '../../common/zod-problem.ts';
import type { EngineSubscription } from '../core/tags/engine-subscription.ts';
import type { TagEngine } from '../core/tags/tag-engine.ts';
import type { CallerIdentity, CallHandlers, ClientContext } from './call-handlers.ts';
import type { GatewayMetrics } from './metrics.ts';

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
  readonly user: CallerIdentity;

  constructor(socket: WebSocket, handlers: CallHandlers, engine: TagEngine, metrics: GatewayMetrics, user: CallerIdentity) {
    this.user = user;
    this.socket = socket;
    this.handlers = handlers;
    this.engine = engine;
    this.metrics = metrics;
    socket.on('message', (data, isBinary) => void this.onMessage(data, isBinary));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
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
    const params = calls[call].params.safeParse(frame.data.params ?? {});
    if (!params.success) return this.reject(id, problemFromZod(params.error, 'params'));
    let result: Result<unknown>;
    try {
      const handler = this.handlers[call] as (p: unknown, c: ClientContext) => Promise<Result<unknown>> | Result<unknown>;
      result = await handler(params.data, this);
    } catch (error) {
      result = fail('internal', `${call} failed: ${(error as Error).message}`);
    }
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
