import http from 'node:http';
import https from 'node:https';

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** Why a request got no answer, and whether the peer may have received it. */
export class HttpFailure extends Error {
  readonly maybeReceived: boolean;
  constructor(message: string, maybeReceived: boolean) {
    super(message);
    this.maybeReceived = maybeReceived;
  }
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const MAX_BODY = 16 * 1024 * 1024;

/**
 * A small HTTP client over node:http with its own agent, so the connector owns (and on dispose
 * closes) every socket it opened, and can tell "never connected" (safe to resend) from "sent,
 * no answer" (the core must read back first).
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, timeoutMs: number, headers: Record<string, string>) {
    this.base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    this.timeoutMs = timeoutMs;
    this.headers = headers;
    // One connection per request: a reset on a pooled socket the MES already closed would look like
    // "sent, no answer" and force a read-back for nothing; MES traffic is too low to need the pool.
    this.agent = this.base.protocol === 'https:' ? new https.Agent({ keepAlive: false, maxSockets: 8 }) : new http.Agent({ keepAlive: false, maxSockets: 8 });
  }

  url(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.base);
  }

  request(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const url = this.url(path);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let connected = false;
      const req = transport.request(url, {
        method,
        agent: this.agent,
        headers: { ...this.headers, ...headers, ...(body !== undefined ? { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new HttpFailure(`no answer within ${this.timeoutMs} ms`, connected)));
      req.on('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof HttpFailure) return reject(error);
        const sent = connected && !NOT_SENT.has(error.code ?? '');
        reject(new HttpFailure(`${method} ${url.pathname}: ${error.code ?? error.message}`, sent));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) res.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('error', (error) => reject(new HttpFailure(`${method} ${url.pathname}: the answer broke off: ${error.message}`, true)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.end(body);
    });
  }

  dispose(): void {
    this.agent.destroy();
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
