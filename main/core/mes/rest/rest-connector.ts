import type { ConnectorConfig, ConnectorHealth, InboundMode, RestConnectorOptions } from '../../../../common/mes-config.ts';
import { RestConnectorOptionsSchema } from '../../../../common/mes-config.ts';
import { Emitter, type Disposable } from '../../../../common/emitter.ts';
import { HttpClient, type HttpReply } from './http-client.ts';
import type { ConnectorContext, ConnectorFactory, DeliveryOutcome, InboundSink, InboundVerdict, MesConnector, OutboundMessage, ReadBackOutcome } from '../connector.ts';
import { jsonSnapshotEntries } from '../snapshot.ts';

const PATHS: Record<OutboundMessage['kind'], string> = { completion: 'completions', consumption: 'consumptions', downtime: 'downtime' };

/**
 * REST/JSON transport. Outbound: POST {baseUrl}/{completions|consumptions|downtime} with an
 * `Idempotency-Key` header (a reversal in `cancel` form: POST {baseUrl}/cancellations naming the
 * original); GET {baseUrl}/messages/{key} reads back (unless `readBack: false`). Inbound, queue mode:
 * GET {baseUrl}/orders?since= pulls new and changed orders (the cursor is saved only after they are
 * committed); snapshot mode: GET {baseUrl}/orders answers the whole current schedule. The gateway's
 * webhook hands pushed orders to `receivePushed`.
 */
export class RestConnector implements MesConnector {
  readonly type = 'rest' as const;
  readonly id: string;
  private readonly options: RestConnectorOptions;
  private readonly token: string | undefined;
  private state: ConnectorHealth = { status: 'connecting' };
  private readonly healthEmitter = new Emitter<ConnectorHealth>();
  readonly onDidChangeHealth = (l: (h: ConnectorHealth) => void): Disposable => this.healthEmitter.event(l);
  private sink: InboundSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly http = new HttpClient();
  private disposed = false;
  private readonly mode: InboundMode;
  /** Present unless the MES has no read-back endpoint (`readBack: false`); then an in-doubt message is resent under its key. */
  readonly readBack?: (message: OutboundMessage) => Promise<ReadBackOutcome>;

  constructor(config: Pick<ConnectorConfig, 'id'> & Partial<ConnectorConfig>, options: RestConnectorOptions) {
    this.id = config.id;
    this.options = options;
    this.mode = config.inbound ?? 'queue';
    const env = /^\$\{([A-Z0-9_]+)\}$/.exec(options.token ?? '');
    this.token = env ? process.env[env[1]!] : options.token;
    if (options.readBack) this.readBack = (message) => this.ask(message);
  }

  get webhookSecret(): string | undefined {
    return this.options.webhookSecret;
  }

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    if (this.options.pollIntervalMs > 0) this.schedule(0);
    else this.setHealth({ status: 'ok' });
  }

  /** Pulls once now (also what the timer does); resolves when the pulled orders are committed. */
  pollNow(): Promise<void> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** An order pushed to the webhook, already authenticated by the gateway. */
  async receivePushed(body: unknown): Promise<InboundVerdict[]> {
    const sink = this.sink;
    if (!sink) return [{ kind: 'rejected', reason: 'the connector is not started' }];
    const orders = typeof body === 'object' && body !== null && Array.isArray((body as { orders?: unknown }).orders) ? (body as { orders: unknown[] }).orders : [body];
    const verdicts: InboundVerdict[] = [];
    for (const order of orders) verdicts.push(await sink.receive({ connector: this.id, messageId: messageIdOf(order), kind: 'order', order, raw: JSON.stringify(order) }));
    return verdicts;
  }

  async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
    let res: Reply;
    try {
      res = await this.fetch(message.reversal?.form === 'cancel' ? 'cancellations' : PATHS[message.kind], {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': message.key },
        body: JSON.stringify(bodyOf(message)),
      });
    } catch (error) {
      return this.failed(error, true);
    }
    const text = res.text;
    // Refused credentials are the connector's set-up, not the message: retried (and said in the health) until fixed.
    const unauthorised = res.status === 401 || res.status === 403;
    const failing = res.status >= 500 || unauthorised;
    this.setHealth({
      ...this.state,
      status: failing ? 'error' : 'ok',
      ...(!failing ? { lastSuccessAt: Date.now() } : { lastError: unauthorised ? `HTTP ${res.status}: the MES refused Lineside's credentials (check the token)` : `HTTP ${res.status}`, lastErrorAt: Date.now() }),
    });
    if (unauthorised) this.state = { ...this.state, lastErrorText: { key: 'mes.refusedCredentials', params: { status: res.status } } };
    else if (failing) this.state = withoutText(this.state);
    if (res.ok || res.status === 409) return { kind: 'delivered' };
    const reason = `HTTP ${res.status}${text ? `: ${text.slice(0, 500)}` : ''}`;
    if (unauthorised) return { kind: 'retry', reason: `${reason} (check the connector's token)` };
    const after = retryAfterMs(res.headers.get('retry-after'));
    const later = after !== undefined ? { retryAfterMs: after } : {};
    // A 5xx may come after the MES applied it (or from a proxy in front of it): in doubt, read back first.
    if (res.status >= 500 || res.status === 408) return { kind: 'ambiguous', reason, ...later };
    if (res.status === 429) return { kind: 'retry', reason, ...later };
    return { kind: 'quarantine', reason };
  }

  private async ask(message: OutboundMessage): Promise<ReadBackOutcome> {
    try {
      const res = await this.fetch(`messages/${encodeURIComponent(message.key)}`, { method: 'GET' });
      return res.status === 200 ? 'present' : res.status === 404 ? 'absent' : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  health(): ConnectorHealth {
    return this.state;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.http.dispose();
    await this.polling?.catch(() => undefined);
    this.healthEmitter.dispose();
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow().finally(() => this.schedule(this.options.pollIntervalMs));
    }, delay);
  }

  private async poll(): Promise<void> {
    const sink = this.sink;
    if (!sink || this.disposed) return;
    if (this.mode === 'snapshot') return this.pollSnapshot(sink);
    const since = sink.cursor?.(this.id);
    try {
      const res = await this.fetch(`orders${since !== undefined ? `?since=${encodeURIComponent(since)}` : ''}`, { method: 'GET' });
      if (!res.ok) throw new Error(`GET orders: HTTP ${res.status}`);
      const body = JSON.parse(res.text) as { orders?: unknown; cursor?: unknown };
      if (!Array.isArray(body.orders) || typeof body.cursor !== 'string') throw new Error('GET orders: the reply has no orders array and cursor string');
      const deliveries = (body.orders as unknown[]).map((order) => ({ connector: this.id, messageId: messageIdOf(order), kind: 'order' as const, order, raw: JSON.stringify(order) }));
      if (sink.receiveAll) await sink.receiveAll(deliveries);
      else for (const d of deliveries) await sink.receive(d);
      if (!this.disposed) sink.saveCursor?.(this.id, body.cursor);
      this.setHealth({ ...this.state, status: 'ok', lastSuccessAt: Date.now() });
    } catch (error) {
      if (!this.disposed) this.failed(error, false);
    }
  }

  /** The whole current schedule; only new, changed and missing orders reach the store. */
  private async pollSnapshot(sink: InboundSink): Promise<void> {
    try {
      const res = await this.fetch('orders', { method: 'GET' });
      if (!res.ok) throw new Error(`GET orders: HTTP ${res.status}`);
      const body = JSON.parse(res.text) as { orders?: unknown };
      if (!Array.isArray(body.orders)) throw new Error('GET orders: the reply has no orders array');
      if (!sink.receiveSnapshot) throw new Error('this core cannot take whole-schedule snapshots');
      const entries = jsonSnapshotEntries(this.id, body.orders as unknown[]);
      await sink.receiveSnapshot(this.id, entries);
      this.setHealth({ ...this.state, status: 'ok', lastSuccessAt: Date.now() });
    } catch (error) {
      if (!this.disposed) this.failed(error, false);
    }
  }

  /** One request with its body read, under the timeout. */
  private fetch(path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
    if (this.disposed) return Promise.reject(new Error('the connector is closing'));
    const headers: Record<string, string> = { ...init.headers };
    if (this.token) headers['Authorization'] = `Bearer ${this.token}`;
    return this.http.request(`${this.options.baseUrl.replace(/\/$/, '')}/${path}`, { ...init, headers, timeoutMs: this.options.timeoutMs });
  }

  /** Refused before anything was sent → retry; a timeout or a reset after sending → ambiguous. */
  private failed(error: unknown, sending: boolean): DeliveryOutcome {
    const e = error as { code?: string; name?: string; message?: string };
    const code = e.code ?? e.name ?? '';
    const reason = code === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : `${e.message ?? String(error)}${e.code && !(e.message ?? '').includes(e.code) ? ` (${e.code})` : ''}`;
    const url = this.options.baseUrl;
    const text: ConnectorHealth['lastErrorText'] =
      code === 'TimeoutError'
        ? { key: 'mes.noAnswer', params: { ms: this.options.timeoutMs } }
        : code === 'ECONNREFUSED'
          ? { key: 'mes.connectRefused', params: { url } }
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? { key: 'mes.unknownHost', params: { url } }
            : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
              ? { key: 'mes.unreachable', params: { url } }
              : undefined;
    this.setHealth({ ...withoutText(this.state), status: 'error', lastError: reason, ...(text ? { lastErrorText: text } : {}), lastErrorAt: Date.now() });
    if (!sending) return { kind: 'retry', reason };
    const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
    return notSent ? { kind: 'retry', reason } : { kind: 'ambiguous', reason };
  }

  private setHealth(next: ConnectorHealth): void {
    const changed = next.status !== this.state.status || next.lastError !== this.state.lastError;
    this.state = next;
    if (changed) this.healthEmitter.fire(next);
  }
}

type Reply = HttpReply;

/** What a reversal in `cancel` form or any other message carries in its JSON body. */
function bodyOf(message: OutboundMessage): Record<string, unknown> {
  const envelope = { key: message.key, stream: message.stream, sequence: message.sequence };
  if (message.reversal?.form !== 'cancel' || message.kind === 'downtime') return { ...envelope, ...message.payload };
  const at = message.kind === 'completion' ? message.payload.actualEnd : message.payload.at;
  return { ...envelope, kind: message.kind, cancels: message.reversal.of, workOrder: message.payload.workOrder, operator: message.payload.operator, at };
}

function messageIdOf(order: unknown): string {
  const o = (typeof order === 'object' && order !== null ? order : {}) as { id?: unknown; revision?: unknown };
  return `${String(o.id ?? 'unknown')}@${String(o.revision ?? '?')}`;
}

/** Retry-After as delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export const restConnectorFactory: ConnectorFactory<RestConnectorOptions> = {
  type: 'rest',
  optionsSchema: RestConnectorOptionsSchema,
  secretFields: [
    { path: 'token', label: 'Bearer token sent to the MES' },
    { path: 'webhookSecret', label: 'Webhook secret the MES sends' },
  ],
  create: (config: ConnectorConfig, options: RestConnectorOptions, _context: ConnectorContext) => new RestConnector(config, options),
};

function withoutText(health: ConnectorHealth): ConnectorHealth {
  const { lastErrorText: _, ...rest } = health;
  return rest;
}
