import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SimState } from './sim-state.ts';
import type { ReceivedMessage, SimOrder } from './sim-types.ts';
import { exampleOrders } from './example-orders.ts';
import type { SimAdminRoute, SimHost, SimRoute } from './sim-host.ts';
import { addModeRoutes } from './mode-routes.ts';
import { afterCommitFault, json, keyedBody } from './sim-http.ts';
import { downtimeEvents } from './downtime-view.ts';
import { addOrderChangeRoutes } from './order-changes.ts';

export interface MesSimOptions {
  port?: number;
  host?: string;
  /** Bearer token Lineside must send (none: any caller). */
  token?: string;
  /** Lineside's webhook to push orders to, with its secret. */
  webhook?: { url: string; secret: string };
  /** Seed the example project's orders (default true). */
  seed?: boolean;
}

const KINDS = { completions: 'completion', consumptions: 'consumption', downtime: 'downtime' } as const;

/**
 * The MES/ERP simulator: a real HTTP server on 127.0.0.1 speaking Lineside's REST/JSON connector
 * protocol (and B2MML where those routes are added), idempotent by key, with switchable faults.
 * /api/... is what Lineside calls; /admin/... is for people and tests (orders, faults, state).
 */
export class MesSim implements SimHost {
  readonly state = new SimState();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly routes = new Map<string, SimRoute>();
  private readonly adminRoutes: Array<{ method: string; path: RegExp; route: SimAdminRoute }> = [];
  private readonly options: MesSimOptions;
  private boundPort = 0;
  /** Runs after a message is applied and before it is answered (tests hold the answer here). */
  afterApply: ((message: ReceivedMessage) => Promise<void> | void) | undefined;
  private listening = false;

  constructor(options: MesSimOptions = {}) {
    this.options = options;
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    if (options.seed !== false) for (const o of exampleOrders()) this.state.putOrder(o);
    addModeRoutes(this);
    addOrderChangeRoutes(this);
  }

  get url(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.boundPort}`;
  }

  /** Other protocols (B2MML) add their endpoints here: `addRoute('POST', '/b2mml/performance', handler)`. */
  addRoute(method: string, path: string, route: SimRoute): void {
    this.routes.set(`${method} ${path}`, route);
  }

  /** Admin endpoints of other features (order changes): `addAdminRoute('POST', /^\/admin\/orders\/([^/]+)\/cancel$/, handler)`. */
  addAdminRoute(method: string, path: RegExp, route: SimAdminRoute): void {
    this.adminRoutes.push({ method, path, route });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.boundPort || (this.options.port ?? 0), this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as { port: number }).port;
    this.listening = true;
    this.state.faults.down = false;
    return this.url;
  }

  /** "Down": stops listening and cuts every connection; `up` listens again on the same port. */
  async down(): Promise<void> {
    this.state.faults.down = true;
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  async up(): Promise<void> {
    if (!this.listening) await this.listen();
  }

  /** Creates or changes an order and, with a webhook configured, pushes it. */
  async release(order: { id: string; revision?: number; [field: string]: unknown }, push = this.options.webhook !== undefined): Promise<SimOrder> {
    const stored = this.state.putOrder(order);
    if (push && this.options.webhook) {
      const times = this.state.faults.duplicateOrders ? 2 : 1;
      for (let i = 0; i < times; i++) {
        await fetch(this.options.webhook.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.options.webhook.secret}` },
          body: JSON.stringify(stored),
        }).then((r) => r.arrayBuffer());
      }
    }
    return stored;
  }

  async close(): Promise<void> {
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.state.count(req.method ?? 'GET', url.pathname);
    if (url.pathname.startsWith('/admin/')) return (this.routes.get(`${req.method} ${url.pathname}`) ?? ((q, r, _b, u) => this.admin(q, r, u, body)))(req, res, body, url);
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) return json(res, 401, { error: 'missing or wrong bearer token' });
    // Slow: reads answer late; messages are applied at once and answered late (the reply is what is slow).
    if (this.state.faults.slowMs > 0 && req.method === 'GET') await new Promise((r) => setTimeout(r, this.state.faults.slowMs));
    const custom = this.routes.get(`${req.method} ${url.pathname}`);
    if (custom) return custom(req, res, body, url);
    if (req.method === 'GET' && url.pathname === '/api/orders') {
      const since = Number(url.searchParams.get('since') ?? '0');
      return json(res, 200, this.state.ordersSince(Number.isFinite(since) ? since : 0));
    }
    const msg = /^\/api\/messages\/(.+)$/.exec(url.pathname);
    // An MES without read-back (modes.readBack false) has no such endpoint.
    if (req.method === 'GET' && msg && !this.state.modes.readBack) return json(res, 404, { error: `no endpoint ${req.method} ${url.pathname}` });
    if (req.method === 'GET' && msg) return this.state.has(decodeURIComponent(msg[1]!)) ? json(res, 200, { present: true }) : json(res, 404, { present: false });
    const kind = /^\/api\/(completions|consumptions|downtime)$/.exec(url.pathname);
    if (req.method === 'POST' && kind) return this.receive(req, res, KINDS[kind[1] as keyof typeof KINDS], body);
    json(res, 404, { error: `no endpoint ${req.method} ${url.pathname}` });
  }

  private async receive(req: IncomingMessage, res: ServerResponse, kind: ReceivedMessage['kind'], text: string): Promise<void> {
    const keyed = keyedBody(req, res, text);
    if (!keyed) return;
    const { key, body } = keyed;
    const order = (body['workOrder'] as { id?: unknown } | undefined)?.id;
    if (kind !== 'downtime' && (typeof order !== 'string' || !this.state.order(order))) return json(res, 422, { error: `unknown work order ${String(order)}` });
    if (kind === 'completion' && typeof (body['good'] as { value?: unknown } | undefined)?.value !== 'number') return json(res, 422, { error: 'good.value must be a number' });
    if (kind === 'consumption') {
      if (typeof (body['material'] as { code?: unknown } | undefined)?.code !== 'string') return json(res, 422, { error: 'material.code must be a string' });
      const q = body['quantity'] as { value?: unknown; unit?: unknown } | undefined;
      if (typeof q?.value !== 'number' || typeof q.unit !== 'string') return json(res, 422, { error: 'quantity must be { value: number, unit: string }' });
    }
    const subject = kind === 'downtime' ? String(body['id']) : String(order);
    const sequence = typeof body['sequence'] === 'number' ? body['sequence'] : undefined;
    const message: ReceivedMessage = { key, kind, subject, ...(sequence !== undefined ? { sequence } : {}), body, receivedAt: Date.now() };
    const created = this.state.apply(message);
    if (created) await this.afterApply?.(message);
    if (created && kind === 'completion' && body['final'] === true && typeof order === 'string' && this.state.order(order)?.['status'] !== 'Cancelled') this.state.putOrder({ id: order, status: 'Completed' });
    if (await afterCommitFault(this.state.faults, req, (status) => json(res, status, { error: 'simulated failure after commit' }))) return;
    json(res, created ? 201 : 200, { status: created ? 'created' : 'duplicate', key });
  }

  private async admin(req: IncomingMessage, res: ServerResponse, url: URL, text: string): Promise<void> {
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (req.method === 'GET' && url.pathname === '/admin/state') {
      return json(res, 200, {
        received: this.state.received,
        produced: this.state.producedTotals(),
        consumed: this.state.consumedTotals(),
        downtime: downtimeEvents(this.state),
        duplicates: this.state.duplicates,
        outOfOrder: this.state.outOfOrder,
        faults: this.state.faults,
        modes: this.state.modes,
      });
    }
    if (req.method === 'POST' && url.pathname === '/admin/orders') return json(res, 200, await this.release(body as SimOrder));
    if (req.method === 'POST' && url.pathname === '/admin/faults') {
      const f = this.state.faults;
      if (typeof body['slowMs'] === 'number') f.slowMs = body['slowMs'];
      if (typeof body['dropReply'] === 'number') f.dropReply = body['dropReply'];
      if (typeof body['duplicateOrders'] === 'boolean') f.duplicateOrders = body['duplicateOrders'];
      const after = body['failAfterCommit'] as { status?: number; count?: number } | undefined;
      if (after && (after.status === 500 || after.status === 502)) f.failAfterCommit = { status: after.status, count: after.count ?? 1 };
      json(res, 200, f);
      // Going down closes this very connection, so answer first.
      if (body['down'] === true) setTimeout(() => void this.down(), 10);
      return;
    }
    for (const r of this.adminRoutes) {
      const match = r.method === req.method ? r.path.exec(url.pathname) : null;
      if (match) {
        const answer = await r.route(body, match);
        return json(res, answer.status, answer.body);
      }
    }
    json(res, 404, { error: `no admin endpoint ${req.method} ${url.pathname}` });
  }
}
