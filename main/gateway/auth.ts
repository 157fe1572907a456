import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_TOKEN_PROTOCOL_PREFIX } from '../../common/protocol.ts';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares in constant time (digests first, so lengths leak nothing either). */
export function tokenMatches(expected: string, offered: string | undefined): boolean {
  if (offered === undefined || offered === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(offered).digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of a request: the Authorization header, or for browser WebSockets a subprotocol. */
export function offeredToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',')) {
      const trimmed = p.trim();
      if (trimmed.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) return trimmed.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
    }
  }
  return undefined;
}
