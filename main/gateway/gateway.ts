import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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
import { httpStatusOf, RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';
import { addTagRoutes } from './tag-routes.ts';
import { addAlarmRoutes } from './alarm-routes.ts';
import { addHistoryRoutes } from './history-routes.ts';
import { addDeviceRoutes } from './device-routes.ts';
import { addMesRoutes } from './mes-routes.ts';
import { handleMesWebhook, MES_WEBHOOK_PREFIX } from './mes-webhook.ts';
import { WsSession } from './ws-session.ts';

export interface GatewayOptions {
  host: string;
  port: number;
  token: string;
  rendererDir: string;
  version: string;
  log: (line: string) => void;
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
  private readonly statics;
  private readonly statusSubscription: Disposable;
  private readonly options: GatewayOptions;
  private readonly services: GatewayServices;
  private readonly started = Date.now();

  constructor(services: GatewayServices, options: GatewayOptions) {
    this.services = services;
    this.options = options;
    this.handlers = createCallHandlers(services);
    this.registry = createRegistry(services, this.metrics);
    addTagRoutes(this.rest, services);
    addAlarmRoutes(this.rest, services);
    addHistoryRoutes(this.rest, services);
    addDeviceRoutes(this.rest, services);
    addMesRoutes(this.rest, services);
    this.statics = existsSync(options.rendererDir)
      ? sirv(options.rendererDir, { etag: true, setHeaders: (res) => setSecurityHeaders(res) })
      : undefined;
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: 1024 * 1024,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.statusSubscription = services.devices.onDidChangeStatus((info) => {
      for (const session of this.sessions) session.sendEvent({ event: 'devices.status', data: info });
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
        resolve(`http://${host}:${address.port}`);
      });
    });
  }

  /** Closes every client, then the server. */
  async close(): Promise<void> {
    this.statusSubscription.dispose();
    for (const session of this.sessions) session.dispose();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  dispose(): void {
    void this.close();
  }

  private authorized(req: IncomingMessage): boolean {
    return tokenMatches(this.options.token, offeredToken(req));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!this.authorized(req)) return refuse(401, 'Unauthorized');
    // A page from another origin must not drive the plant with a token it somehow holds.
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) return refuse(403, 'Forbidden');
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const session = new WsSession(ws, this.handlers, this.services.engine, this.metrics, this.services.localUser);
      this.sessions.add(session);
      this.metrics.clients = this.sessions.size;
      ws.on('close', () => {
        this.sessions.delete(session);
        this.metrics.clients = this.sessions.size;
      });
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = await this.route(req, res, url).catch((error: Error) => {
      sendProblem(res, { code: 'internal', message: error.message });
      return 'error';
    });
    const key = `${route} ${res.statusCode}`;
    this.metrics.httpRequests.set(key, (this.metrics.httpRequests.get(key) ?? 0) + 1);
  }

  /** Answers the request; returns the route name for metrics. */
  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string> {
    const path = url.pathname;
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok', uptimeS: Math.round((Date.now() - this.started) / 1000) });
      return '/healthz';
    }
    // The MES pushes orders with the webhook's own secret, never with the operators' token.
    if (path.startsWith(MES_WEBHOOK_PREFIX)) {
      await handleMesWebhook(req, res, path, this.services.mes);
      return 'webhook';
    }
    if (path === '/metrics' || path.startsWith('/api/')) {
      if (!this.authorized(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="lineside"');
        sendProblem(res, { code: 'unauthenticated', message: 'missing or wrong bearer token (Authorization: Bearer <token>)' });
        return 'unauthenticated';
      }
      if (path === '/metrics') {
        res.setHeader('Content-Type', this.registry.contentType);
        res.end(await this.registry.metrics());
        return '/metrics';
      }
      return this.api(req, res, url);
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

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string> {
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
    const result = await route.handle({ params, query: query.value, body, user: this.services.localUser });
    if (result.ok) sendJson(res, 200, result.value);
    else sendProblem(res, result.error);
    return route.path;
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

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

function sendProblem(res: ServerResponse, error: Problem, status = httpStatusOf(error)): void {
  sendJson(res, status, { error });
}
