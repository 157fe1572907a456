import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpReply {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text: string;
}

export class HttpTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * A small keep-alive HTTP client for the REST transport: node:http without fetch's web-stream layer,
 * which costs more CPU than the request itself when thousands of small messages drain after an outage.
 */
export class HttpClient {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 64 });
  private readonly inFlight = new Set<() => void>();

  request(url: string, init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number }): Promise<HttpReply> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...init.headers };
      if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
      const req = send(target, { method: init.method, headers, agent: secure ? this.https : this.http });
      const abort = () => req.destroy(new Error('the connector is closing'));
      this.inFlight.add(abort);
      const timer = setTimeout(() => req.destroy(new HttpTimeoutError(`no answer within ${init.timeoutMs} ms`)), init.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.inFlight.delete(abort);
      };
      req.once('error', (error) => {
        done();
        reject(error);
      });
      req.once('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', (error) => {
          done();
          reject(error);
        });
        res.once('end', () => {
          done();
          const status = res.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: {
              get: (name) => {
                const v = res.headers[name.toLowerCase()];
                return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
              },
            },
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(init.body);
    });
  }

  dispose(): void {
    for (const abort of [...this.inFlight]) abort();
    this.http.destroy();
    this.https.destroy();
  }
}
