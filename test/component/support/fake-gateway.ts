import type { z } from 'zod';
import { calls, type CallName, type CallParams, type EventData, type EventName } from '../../../common/contract.ts';
import { WS_PATH } from '../../../common/protocol.ts';
import type { Problem } from '../../../common/result.ts';
import { GatewayClient } from '../../../renderer/client/gateway-client.ts';

/** A call's result as the contract's schema takes it in (defaults may be left out). */
export type CallAnswer<C extends CallName> = z.input<(typeof calls)[C]['result']>;
/** What a test answers to one call; throwing a `Problem`-shaped object refuses the call with it. */
export type CallHandler<C extends CallName> = (params: CallParams<C>) => CallAnswer<C> | Promise<CallAnswer<C>>;
export type CallHandlers = { [C in CallName]?: CallHandler<C> };

export interface SeenCall {
  readonly name: CallName;
  readonly params: unknown;
}

/**
 * The gateway's side of the WebSocket, in memory: the renderer's real `GatewayClient` talks to it
 * frame by frame. Each call is answered by the test's handler; a result is parsed with the contract's
 * own schema first, so a fixture that drifts from the contract fails here and not somewhere in React.
 * A call without a handler is refused with `unknown-call` and listed in `unhandled`.
 */
export class FakeGateway {
  readonly client: GatewayClient;
  readonly seen: SeenCall[] = [];
  readonly unhandled: CallName[] = [];
  readonly #handlers: CallHandlers;
  #socket: FakeSocket | undefined;

  constructor(handlers: CallHandlers) {
    this.#handlers = handlers;
    this.client = new GatewayClient({
      url: `ws://component.test${WS_PATH}`,
      token: 'component-test-token',
      createSocket: () => {
        this.#socket = new FakeSocket((frame) => this.#answer(frame));
        return this.#socket as unknown as WebSocket;
      },
    });
  }

  /** Resolves once the client's socket is open (the services ask their first questions then). */
  opened(): Promise<void> {
    if (this.client.state === 'open') return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.client.onDidChangeState((state) => {
        if (state === 'open') (stop(), resolve());
      });
    });
  }

  /** Pushes an event frame to the client, as the runtime does for subscriptions. */
  emit<E extends EventName>(event: E, data: EventData<E>): void {
    this.#socket?.deliver(JSON.stringify({ event, data }));
  }

  /** The params of every call of that name so far, in order. */
  paramsOf<C extends CallName>(name: C): CallParams<C>[] {
    return this.seen.filter((c) => c.name === name).map((c) => c.params as CallParams<C>);
  }

  dispose(): void {
    this.client.dispose();
  }

  async #answer(text: string): Promise<string> {
    const frame = JSON.parse(text) as { id: number; call: CallName; params: unknown };
    this.seen.push({ name: frame.call, params: frame.params });
    const handler = this.#handlers[frame.call] as ((params: unknown) => unknown) | undefined;
    if (!handler) {
      this.unhandled.push(frame.call);
      return refusal(frame.id, { code: 'unknown-call', message: `${frame.call}: this test gave no answer for it` });
    }
    try {
      const result = calls[frame.call].result.parse(await handler(frame.params));
      return JSON.stringify({ id: frame.id, ok: true, result });
    } catch (error) {
      if (isProblem(error)) return refusal(frame.id, error);
      throw error;
    }
  }
}

function refusal(id: number, problem: Problem): string {
  return JSON.stringify({ id, ok: false, error: problem });
}

function isProblem(error: unknown): error is Problem {
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error && !(error instanceof Error);
}

/** The part of the browser's WebSocket the client uses; every delivery is asynchronous, as on a wire. */
class FakeSocket {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  #closed = false;
  readonly #answer: (frame: string) => Promise<string>;

  constructor(answer: (frame: string) => Promise<string>) {
    this.#answer = answer;
    queueMicrotask(() => {
      if (!this.#closed) this.onopen?.(new Event('open'));
    });
  }

  send(frame: string): void {
    this.#answer(frame).then(
      (reply) => this.deliver(reply),
      (error: unknown) => {
        // A handler that crashed is the test's bug: say so loudly, then drop the connection as a gateway would.
        console.error('fake gateway handler failed', error);
        this.close();
      },
    );
  }

  deliver(text: string): void {
    if (!this.#closed) this.onmessage?.(new MessageEvent('message', { data: text }));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    queueMicrotask(() => this.onclose?.(new CloseEvent('close', { code: 1000 })));
  }
}
