import { reasonMessage, type ReasonKey, type ReasonParams } from '../../common/reasons.ts';
import { backoffDelay, type BackoffPolicy } from '../../common/backoff.ts';
import { CALL_ACCESS } from '../../common/call-access.ts';
import type { CallName, CallParams, CallResult, EventData, EventName } from '../../common/contract.ts';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../common/protocol.ts';
import type { Problem } from '../../common/result.ts';
import type { SignatureBlock } from '../../common/users.ts';
import { CallError, type CallErrorCode } from './call-error.ts';

/** The gateway connection as the renderer sees it. 'closed' between reconnect attempts and after dispose. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface GatewayClientOptions {
  /** ws:// or wss:// URL of the gateway's WebSocket. */
  url: string;
  token: string;
  /** Reconnect waits (full jitter below a doubling ceiling): many browsers of a restarted station do not return in step. */
  backoff?: BackoffPolicy;
  /** A call that gets no reply within this time (including time queued while offline) is rejected. */
  callTimeoutMs?: number;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

interface PendingCall {
  readonly frame: string;
  sent: boolean;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: CallError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

type AnyListener = (data: unknown) => void;

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 5_000 };

/** The WebSocket URL of the gateway that served this page. */
export function gatewayUrlFor(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}`;
}

/** The message of a command refused while the link is down (the write dialog says it in its own words). */
export const OFFLINE_MESSAGE = reasonMessage('client.offline');

/** A failure the client itself decides, with its text as a key (common/reasons.ts) for the reader's language. */
function clientError(code: CallErrorCode, key: ReasonKey, params: ReasonParams = {}): CallError {
  return new CallError(code, reasonMessage(key, params), undefined, { key, params });
}

/**
 * A command changes something in the plant or the project (any call that needs more than 'view' or is
 * public): made while the link is down it is refused at once, because an operator must not wait on
 * "Writing…" for a write that may happen much later or never. Reads (and signing in, resuming) wait.
 */
export function isCommand(name: CallName): boolean {
  const access = CALL_ACCESS[name];
  return access !== 'view' && access !== 'public';
}

/**
 * The renderer's one client of the contract (common/contract.ts). Reads made while the socket is not
 * open wait for the next open (up to the call timeout); commands are refused at once with 'offline'
 * (see `isCommand`); calls in flight when it drops are rejected with 'disconnected', because nobody can
 * say whether the runtime acted on them.
 */
export class GatewayClient {
  readonly #options: Required<Omit<GatewayClientOptions, 'createSocket'>> & Pick<GatewayClientOptions, 'createSocket'>;
  #state: ConnectionState = 'connecting';
  #socket: WebSocket | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, PendingCall>();
  readonly #eventListeners = new Map<EventName, Set<AnyListener>>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  #hasOpened = false;

  constructor(options: GatewayClientOptions) {
    this.#options = { backoff: DEFAULT_BACKOFF, callTimeoutMs: 10_000, ...options };
    this.#connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** False until the first successful open: tells "never reached the gateway" from "lost it". */
  get hasOpened(): boolean {
    return this.#hasOpened;
  }

  onDidChangeState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void {
    let set = this.#eventListeners.get(event);
    if (!set) this.#eventListeners.set(event, (set = new Set()));
    const entry = listener as AnyListener;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** `signature`: an electronic signature for a call the project marks as critical (users/SignatureDialog). */
  call<C extends CallName>(name: C, params: CallParams<C>, options: { signature?: SignatureBlock } = {}): Promise<CallResult<C>> {
    if (this.#disposed) return Promise.reject(clientError('disconnected', 'client.closed'));
    if (this.#state !== 'open' && isCommand(name)) return Promise.reject(clientError('offline', 'client.offline'));
    const id = this.#nextId++;
    const frame = JSON.stringify({ id, call: name, params, signature: options.signature });
    return new Promise<CallResult<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(clientError('timeout', 'client.timeout', { call: name, seconds: this.#options.callTimeoutMs / 1000 }));
      }, this.#options.callTimeoutMs);
      const pending: PendingCall = { frame, sent: false, resolve: resolve as (r: unknown) => void, reject, timer };
      this.#pending.set(id, pending);
      if (this.#state === 'open') this.#send(pending);
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onopen = socket.onclose = socket.onerror = socket.onmessage = null;
      socket.close(1000, 'client closed');
    }
    this.#failPending(() => true, 'client.closed');
    this.#setState('closed');
    this.#stateListeners.clear();
    this.#eventListeners.clear();
  }

  #connect(): void {
    this.#setState('connecting');
    const protocols = [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + this.#options.token];
    let socket: WebSocket;
    try {
      socket = this.#options.createSocket?.(this.#options.url, protocols) ?? new WebSocket(this.#options.url, protocols);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#hasOpened = true;
      this.#setState('open');
      for (const pending of this.#pending.values()) if (!pending.sent) this.#send(pending);
    };
    socket.onmessage = (message) => {
      if (typeof message.data === 'string') this.#receive(message.data);
    };
    // An 'error' is always followed by 'close'; reconnecting is handled there once.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#failPending((p) => p.sent, 'client.lost');
      this.#scheduleReconnect();
    };
  }

  #scheduleReconnect(): void {
    if (this.#disposed) return;
    this.#setState('closed');
    const delay = backoffDelay(this.#attempt++, this.#options.backoff);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #send(pending: PendingCall): void {
    pending.sent = true;
    this.#socket?.send(pending.frame);
  }

  #receive(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    if ('event' in frame && typeof frame.event === 'string') {
      const listeners = this.#eventListeners.get(frame.event as EventName);
      if (!listeners) return;
      const data = 'data' in frame ? frame.data : undefined;
      for (const listener of [...listeners]) {
        try {
          listener(data);
        } catch (error) {
          console.error(`listener of ${frame.event} failed`, error);
        }
      }
      return;
    }
    if ('id' in frame && typeof frame.id === 'number') {
      const pending = this.#pending.get(frame.id);
      if (!pending) return;
      this.#pending.delete(frame.id);
      clearTimeout(pending.timer);
      if ('ok' in frame && frame.ok === true) pending.resolve('result' in frame ? frame.result : undefined);
      else pending.reject(CallError.fromProblem(problemOf(frame)));
    }
  }

  #failPending(which: (pending: PendingCall) => boolean, key: ReasonKey): void {
    for (const [id, pending] of this.#pending) {
      if (!which(pending)) continue;
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(clientError('disconnected', key));
    }
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of [...this.#stateListeners]) listener(state);
  }
}

function problemOf(frame: object): Problem {
  const error = 'error' in frame ? frame.error : undefined;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const { code, message } = error as Problem;
    const problem: Problem = { code, message: String(message) };
    if ('path' in error && typeof error.path === 'string') problem.path = error.path;
    const text = 'text' in error ? error.text : undefined;
    if (typeof text === 'object' && text !== null && 'key' in text && typeof text.key === 'string' && 'params' in text && typeof text.params === 'object' && text.params !== null) {
      problem.text = { key: text.key, params: text.params as Record<string, string | number> };
    }
    return problem;
  }
  return { code: 'internal', message: 'the gateway sent an unreadable error' };
}
