import WebSocket from 'ws';
import type { CallName, CallParams, CallResult, EventData, EventName } from '../../common/contract.ts';
import type { RoleName } from '../../common/permissions.ts';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../common/protocol.ts';
import type { SignatureBlock } from '../../common/users.ts';
import { TEST_USERS } from './users.ts';

type Frame = { id?: number | null; ok?: boolean; result?: unknown; error?: { code: string; message: string; path?: string }; event?: string; data?: unknown };

/** A raw test client: sends what it is told (malformed frames included) and waits on frames with bounded timeouts. */
export class TestClient {
  readonly frames: Frame[] = [];
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private nextId = 1;
  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
  }

  static connect(origin: string, token: string | undefined, how: 'header' | 'subprotocol' = 'header', headers: Record<string, string> = {}): Promise<TestClient> {
    const url = origin.replace(/^http/, 'ws') + WS_PATH;
    const protocols = how === 'subprotocol' && token ? [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + token] : [WS_PROTOCOL];
    const auth: Record<string, string> = how === 'header' && token ? { Authorization: `Bearer ${token}` } : {};
    const socket = new WebSocket(url, protocols, { headers: { ...auth, ...headers } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Sends a call (with an electronic signature when given) and resolves with its reply frame (ok or not). */
  async request<C extends CallName>(call: C, params?: CallParams<C> | unknown, signature?: SignatureBlock): Promise<Frame> {
    const id = this.nextId++;
    const reply = this.waitFor((f) => f.id === id);
    this.socket.send(JSON.stringify({ id, call, params, signature }));
    return reply;
  }

  /** Signs this connection in as the seeded test user of `role` (test/support/users.ts). */
  async loginAs(role: RoleName): Promise<this> {
    await this.call('users.login', TEST_USERS[role]);
    return this;
  }

  async call<C extends CallName>(call: C, params: CallParams<C>): Promise<CallResult<C>> {
    const reply = await this.request(call, params);
    if (!reply.ok) throw new Error(`${call}: ${reply.error?.code}: ${reply.error?.message}`);
    return reply.result as CallResult<C>;
  }

  waitFor(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  waitForEvent<E extends EventName>(event: E, match: (data: EventData<E>) => boolean = () => true, timeoutMs = 5000): Promise<EventData<E>> {
    return this.waitFor((f) => f.event === event && match(f.data as EventData<E>), timeoutMs).then((f) => f.data as EventData<E>);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Signs the connection in as the seeded test user of `role`: `await loginAs(ws, 'engineer')`. */
export function loginAs(client: TestClient, role: RoleName): Promise<TestClient> {
  return client.loginAs(role);
}
