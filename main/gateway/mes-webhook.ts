import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundVerdict } from '../core/mes/connector.ts';
import type { MesService } from '../core/mes/mes-service.ts';
import { RestConnector } from '../core/mes/rest/rest-connector.ts';
import { offeredToken, tokenMatches } from './auth.ts';

export const MES_WEBHOOK_PREFIX = '/webhooks/mes/';
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * `POST /webhooks/mes/{connector}/orders`: the MES pushes orders. Authenticated by the connector's
 * own webhook secret (`Authorization: Bearer <secret>`), not by the operators' access token, so the
 * MES never holds a token that could drive the plant. Answered only after the orders are committed:
 * 200 when every order was stored (or already was), 422 with the reasons otherwise.
 */
export async function handleMesWebhook(req: IncomingMessage, res: ServerResponse, path: string, mes: MesService | undefined): Promise<void> {
  const match = /^\/webhooks\/mes\/([A-Za-z0-9_-]+)\/orders$/.exec(path);
  const connector = match && mes ? mes.connector(match[1]!) : undefined;
  if (!(connector instanceof RestConnector) || !connector.webhookSecret) return send(res, 404, { error: { code: 'not-found', message: `no MES webhook at ${path}` } });
  if (req.method !== 'POST') return send(res, 405, { error: { code: 'bad-request', message: 'POST orders here' } });
  if (!tokenMatches(connector.webhookSecret, offeredToken(req))) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="lineside-mes-webhook"');
    return send(res, 401, { error: { code: 'unauthenticated', message: 'missing or wrong webhook secret (Authorization: Bearer <secret>)' } });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) return send(res, 413, { error: { code: 'bad-request', message: `the body is larger than ${MAX_BYTES} bytes` } });
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    const verdict: InboundVerdict = { kind: 'rejected', reason: `not valid JSON: ${(error as Error).message}` };
    return send(res, 422, { verdicts: [verdict] });
  }
  const verdicts = await connector.receivePushed(body);
  const fine = verdicts.every((v) => v.kind === 'accepted' || v.kind === 'duplicate' || v.kind === 'stale' || v.kind === 'held');
  send(res, fine ? 200 : 422, { verdicts });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
