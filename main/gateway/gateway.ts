import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Disposable } from '../../common/emitter.ts';
import { WS_PATH, WS_PROTOCOL } from '../../common/protocol.ts';
import { fail, ok, type Problem, type Result } from '../../common/result.ts';
import { offeredToken, tokenMatches } from './auth.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { createCallHandlers } from './call-handlers.ts';
import { createGatewayMetrics, createRegistry } from './metrics.ts';
import { FileResponse, httpStatusOf, RestApi } from './rest-api.ts';
import { addReportRoutes, broadcastReportEvents } from './report-routes.ts';
import type { GatewayServices } from './services.ts';
import { addTagRoutes } from './tag-routes.ts';
import { addTextRoutes } from './text-routes.ts';
import { addRuleRoutes } from './rule-routes.ts';
import { addAlarmRoutes } from './alarm-routes.ts';
import { addHistoryRoutes } from './history-routes.ts';
import { addConfigRoutes } from './config-routes.ts';
import { addDeviceRoutes } from './device-routes.ts';
import { addMesRoutes } from './mes-routes.ts';
import { addLotRoutes } from './lot-routes.ts';
import { handleMesWebhook, MES_WEBHOOK_PREFIX } from './mes-webhook.ts';
import { WsSession } from './ws-session.ts';
import { CallGate, type GateCaller } from './call-gate.ts';
import type { TlsMaterial } from './tls.ts';
import { storeProblemOf } from '../core/storage/store-errors.ts';

export interface GatewayOptions {
  host: string;
  port: number;
  token: string;
  rendererDir: string;
  version: string;
  log: (line: string) => void;
  /**
   * How often each WebSocket is pinged (default 15 s); one that has not answered the previous ping is
   * dropped. A client that vanished without closing (cable pulled, laptop asleep, a tab frozen) would
   * otherwise keep its session, subscriptions and unsent data forever.
   */
  heartbeatMs?: number;
  /** Denied calls and refused writes are audited per burst that ends after this quiet time (default 60 s). */
  auditBurstQuietMs?: number;
  /** Serve HTTPS and WSS (with HSTS) instead of plain HTTP and WS. */
  tls?: TlsMaterial;
}

/**
 * HTTP and WebSocket front of the runtime: the renderer build, the contract over a WebSocket, the
 * REST API with its OpenAPI document, /healthz and /metrics. Every API call and socket needs the token.
 */
export class Gateway implements Disposable {
  readonly rest = new RestApi();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<WsSession>();
  private readonly metrics = createGatewayMetrics();
  private readonly registry;
  private readonly handlers;
  private readonly gate: CallGate;
  private readonly statics;
  private readonly statusSubscription: Disposable;
  private readonly reportEvents: Disposable;
  private readonly configSubscription: Disposable | undefined;
  private readonly screenSubscription: Disposable;
  private readonly textSubscription: Disposable | undefined;
  private readonly storeSubscription: Disposable | undefined;
  private readonly options: GatewayOptions;
  private readonly services: GatewayServices;
  private readonly started = Date.now();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unanswered = new WeakSet<WebSocket>();

  constructor(services: GatewayServices, options: GatewayOptions) {
    this.services = services;
    this.options = options;
    this.handlers = createCallHandlers(services);
    this.gate = new CallGate(services.users, services.audit, services.signatures, options.auditBurstQuietMs === undefined ? {} : { burstQuietMs: options.auditBurstQuietMs });
    this.registry = createRegistry(services, this.metrics);
    addTagRoutes(this.rest, services);
    addAlarmRoutes(this.rest, services);
    addHistoryRoutes(this.rest, services);
    addDeviceRoutes(this.rest, services);
    addReportRoutes(this.rest, services);
    addConfigRoutes(this.rest, services);
    addMesRoutes(this.rest, services);
    addTextRoutes(this.rest, services);
    addRuleRoutes(this.rest, services);
    addLotRoutes(this.rest, services);
    this.statics = existsSync(options.rendererDir) ? sirv(options.rendererDir, { etag: true, setHeaders: (res) => setSecurityHeaders(res) }) : undefined;
    const handle = (req: IncomingMessage, res: ServerResponse) => void this.onRequest(req, res);
    this.server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handle) : createServer(handle);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: 1024 * 1024,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.heartbeat = setInterval(() => this.pingClients(), options.heartbeatMs ?? 15_000);
    this.statusSubscription = services.devices.onDidChangeStatus((info) => {
      for (const session of this.sessions) session.sendEvent({ event: 'devices.status', data: info });
    });
    this.reportEvents = broadcastReportEvents(services, (frame) => {
      for (const session of this.sessions) session.sendEvent(frame);
    });
    this.configSubscription = services.config?.onDidChange((change) => {
      for (const session of this.sessions) session.sendEvent({ event: 'config.changed', data: change });
    });
    // Everyone may read screens (view), so every client hears of a change: operators' displays reload.
    this.screenSubscription = services.screens.onDidChange((change) => {
      for (const session of this.sessions) session.sendEvent({ event: 'screens.changed', data: change });
    });
    // Everyone reads project texts: every client hears that a language's translations changed.
    this.textSubscription = services.texts?.onDidChange((change) => {
      for (const session of this.sessions) session.sendEvent({ event: 'texts.changed', data: change });
    });
    // Everyone sees a failing store (the banner): it changes what works at this station.
    this.storeSubscription = services.stores?.onDidChange((status) => {
      for (const session of this.sessions) session.sendEvent({ event: 'stores.status', data: status });
    });
  }

  /** Starts listening; resolves with the origin (http://host:port). */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? `port ${this.options.port} on ${this.options.host} is in use; choose another with --port` : error.message;
        reject(new Error(why));
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        const address = this.server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`${this.options.tls ? 'https' : 'http'}://${host}:${address.port}`);
      });
    });
  }

  /** Closes every client, then the server. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.statusSubscription.dispose();
    this.reportEvents.dispose();
    this.configSubscription?.dispose();
    this.screenSubscription.dispose();
    this.textSubscription?.dispose();
    this.storeSubscription?.dispose();
    for (const session of this.sessions) session.dispose();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.gate.dispose();
  }

  dispose(): void {
    void this.close();
  }

  private pingClients(): void {
    for (const client of this.wss.clients) {
      if (this.unanswered.has(client)) {
        client.terminate();
        continue;
      }
      this.unanswered.add(client);
      client.ping();
    }
  }

  private authorized(req: IncomingMessage): boolean {
    return tokenMatches(this.options.token, offeredToken(req));
  }

  /**
   * The REST caller: the station token reads only (scope view); an API token carries the scopes an
   * administrator gave it. Anything else is not let in.
   */
  private restCaller(req: IncomingMessage): GateCaller | undefined {
    const offered = offeredToken(req);
    const station = stationOf(req);
    if (tokenMatches(this.options.token, offered)) return { person: undefined, station, token: { name: 'the station token (read-only: writes need an API token)', subject: 'station', scopes: ['view'] } };
    const info = offered === undefined ? undefined : this.services.users.authenticateToken(offered);
    return info ? { person: undefined, station, token: { name: `API token "${info.name}"`, subject: `token:${info.name}`, scopes: info.scopes } } : undefined;
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = requestUrl(req);
    if (!url.ok) return refuse(400, 'Bad Request');
    if (url.value.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!this.authorized(req)) return refuse(401, 'Unauthorized');
    // A page from another origin must not drive the plant with a token it somehow holds.
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) return refuse(403, 'Forbidden');
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const session = new WsSession(ws, this.handlers, this.services.engine, this.metrics, { gate: this.gate, users: this.services.users, station: stationOf(req) });
      this.sessions.add(session);
      this.metrics.clients = this.sessions.size;
      ws.on('pong', () => this.unanswered.delete(ws));
      ws.on('close', () => {
        this.sessions.delete(session);
        this.metrics.clients = this.sessions.size;
      });
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A browser that once reached the station over HTTPS never falls back to plain HTTP (HSTS).
    if (this.options.tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    const url = requestUrl(req);
    if (!url.ok) {
      sendProblem(res, url.error);
      this.count('bad-path', res.statusCode);
      return;
    }
    const route = await this.route(req, res, url.value).catch((error: Error) => {
      sendProblem(res, { code: 'internal', message: error.message });
      return 'error';
    });
    this.count(route, res.statusCode);
  }

  private count(route: string, status: number): void {
    const key = `${route} ${status}`;
    this.metrics.httpRequests.set(key, (this.metrics.httpRequests.get(key) ?? 0) + 1);
  }

  /** Answers the request; returns the route name for metrics. */
  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string> {
    const path = url.pathname;
    if (path === '/healthz') {
      // Degraded, not down: live values and alarms keep running while a store fails (a restart would not help).
      const failing = (this.services.stores?.failing() ?? []).map(({ store, file, reason, since, waiting, dropped }) => ({ store, file, reason, since, waiting, dropped }));
      sendJson(res, 200, { status: failing.length > 0 ? 'degraded' : 'ok', uptimeS: Math.round((Date.now() - this.started) / 1000), stores: failing });
      return '/healthz';
    }
    // The MES pushes orders with the webhook's own secret, never with the operators' token.
    if (path.startsWith(MES_WEBHOOK_PREFIX)) {
      await handleMesWebhook(req, res, path, this.services.mes);
      return 'webhook';
    }
    if (path === '/metrics' || path.startsWith('/api/')) {
      const caller = this.restCaller(req);
      if (!caller) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="lineside"');
        sendProblem(res, { code: 'unauthenticated', message: 'missing or wrong bearer token (Authorization: Bearer <token>)' });
        return 'unauthenticated';
      }
      if (path === '/metrics') {
        if (!caller.token?.scopes.includes('view')) {
          sendProblem(res, { code: 'forbidden', message: `${caller.token?.name ?? 'this caller'} lacks the scope view`, path: 'view' });
          return '/metrics';
        }
        res.setHeader('Content-Type', this.registry.contentType);
        res.end(await this.registry.metrics());
        return '/metrics';
      }
      return this.api(req, res, url, caller);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendProblem(res, { code: 'bad-request', message: `${req.method} is not served here` }, 405);
      return 'static';
    }
    if (!this.statics) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The renderer is not built. Run `npm run build:renderer` (npm run serve does it for you).\n');
      return 'static';
    }
    this.statics(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
    return 'static';
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL, caller: GateCaller): Promise<string> {
    if (url.pathname === '/api/v1/openapi.json') {
      sendJson(res, 200, this.rest.openapi({ title: 'Lineside API', version: this.options.version, description: 'REST API of a Lineside runtime.' }));
      return '/api/v1/openapi.json';
    }
    const match = this.rest.match(req.method ?? 'GET', url.pathname);
    if (!match.route) {
      if (match.pathExists) sendProblem(res, { code: 'bad-request', message: `${req.method} is not allowed on ${url.pathname}` }, 405);
      else sendProblem(res, { code: 'not-found', message: `no API endpoint ${url.pathname} (see /api/v1/openapi.json)` });
      return match.pathExists ? 'api-method' : 'api-unknown';
    }
    const { route, params } = match;
    const allowed = this.gate.admit(route.call, caller);
    if (!allowed.ok) {
      sendProblem(res, allowed.error);
      return route.path;
    }
    const query = this.rest.parseQuery(route, url.searchParams);
    if (!query.ok) {
      sendProblem(res, query.error);
      return route.path;
    }
    let body: unknown;
    if (route.body) {
      const raw = await readJsonBody(req);
      if (!raw.ok) {
        sendProblem(res, raw.error);
        return route.path;
      }
      const parsed = this.rest.parseBody(route, raw.value);
      if (!parsed.ok) {
        sendProblem(res, parsed.error);
        return route.path;
      }
      body = parsed.value;
    }
    const admitted = await this.gate.sign(route.call, body ?? { ...params, ...query.value }, caller, undefined);
    if (!admitted.ok) {
      sendProblem(res, admitted.error);
      return route.path;
    }
    const token = caller.token!;
    const user = { name: token.subject, role: 'api-token', permissions: token.scopes };
    let result: Result<unknown>;
    try {
      result = await route.handle({ params, query: query.value, body, user, station: caller.station });
    } catch (error) {
      // A store that cannot be written (disk full) is a refusal the caller can read, not a crash.
      const problem = storeProblemOf(error, `${req.method} ${url.pathname}`);
      if (!problem) throw error;
      result = { ok: false, error: problem };
    }
    if (!result.ok && route.call === 'tags.write') this.gate.refusedWrite(route.call, caller, String(params['path'] ?? ''), result.error.message);
    if (result.ok && result.value instanceof FileResponse) sendFile(res, result.value);
    else if (result.ok) sendJson(res, 200, result.value);
    else sendProblem(res, result.error);
    return route.path;
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The request's URL, with a path whose percent-encoding decodes (`%E0%A4%A`, `%zz` do not): the REST
 * routes and the static files decode it, and a bad one is the client's mistake (400), not ours (500).
 */
function requestUrl(req: IncomingMessage): Result<URL> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return fail('bad-request', 'the request target is not a valid URL');
  }
  try {
    decodeURIComponent(url.pathname);
  } catch {
    return fail('bad-request', `the path has a malformed percent-encoding: ${url.pathname.slice(0, 200)}`, 'path');
  }
  return ok(url);
}

/** The client's address, as the audit trail names the station. */
function stationOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** A JSON request body of at most 1 MiB. */
async function readJsonBody(req: IncomingMessage): Promise<Result<unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) return fail('bad-request', 'the body must be JSON (Content-Type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return fail('bad-request', `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return ok(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
  } catch (error) {
    return fail('bad-request', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function sendFile(res: ServerResponse, file: FileResponse): void {
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': String(file.body.length),
    'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(file.body);
}

function sendProblem(res: ServerResponse, error: Problem, status = httpStatusOf(error)): void {
  sendJson(res, status, { error });
}
