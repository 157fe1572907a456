import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './sim-state.ts';

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A REST message's JSON body and its Idempotency-Key; undefined (answered 400) when either is missing. */
export function keyedBody(req: IncomingMessage, res: ServerResponse, text: string): { key: string; body: Record<string, unknown> } | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json(res, 400, { error: 'the body is not JSON' });
    return undefined;
  }
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    json(res, 400, { error: 'the Idempotency-Key header is missing' });
    return undefined;
  }
  return { key, body };
}

/**
 * The faults that strike once a message is applied (REST and B2MML alike): the reply comes late, the
 * connection drops without one, or `fail` answers with the failure status. True when the request
 * was dropped or answered here.
 */
export async function afterCommitFault(faults: Faults, req: IncomingMessage, fail: (status: 500 | 502) => void): Promise<boolean> {
  if (faults.slowMs > 0) await new Promise((r) => setTimeout(r, faults.slowMs));
  if (faults.dropReply > 0) {
    faults.dropReply--;
    req.socket.destroy();
    return true;
  }
  if (faults.failAfterCommit && faults.failAfterCommit.count > 0) {
    faults.failAfterCommit.count--;
    fail(faults.failAfterCommit.status);
    return true;
  }
  return false;
}
