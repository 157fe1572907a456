import { fail, ok, type Result } from '../../../common/result.ts';
import type { SecretStore } from '../secrets/secret-store.ts';

/** The audit key's name in the station's secrets file (a name projects cannot refer to). */
export const AUDIT_KEY_SECRET = 'lineside.auditKey';
/** The record that starts the keyed chain. */
export const AUDIT_KEYED_ACTION = 'audit.keyed';

/**
 * The key of the audit chain and the first record it covers. Records before `fromSeq` were written by
 * a Lineside without keys and stay chained by SHA-256; the record at `fromSeq` (action `audit.keyed`)
 * and every one after carry an HMAC-SHA256 under the key, so the old ones are covered too: changing
 * any of them breaks the first keyed record's previous-hash.
 */
export interface AuditKey {
  key: Buffer;
  fromSeq: number;
}

const FORMAT = /^hmac-sha256:(\d+):([A-Za-z0-9_-]{43})$/;

export function formatAuditKey(key: AuditKey): string {
  return `hmac-sha256:${key.fromSeq}:${key.key.toString('base64url')}`;
}

export function parseAuditKey(text: string): Result<AuditKey> {
  const match = FORMAT.exec(text);
  if (!match || Number(match[1]) < 1) return fail('config-error', `the audit key (${AUDIT_KEY_SECRET} in the secrets file) is not in the form hmac-sha256:SEQ:KEY`);
  return ok({ fromSeq: Number(match[1]), key: Buffer.from(match[2]!, 'base64url') });
}

/** The audit key a secrets file holds: undefined when there is none yet. */
export function readAuditKey(store: Pick<SecretStore, 'get'>): Result<AuditKey | undefined> {
  const text = store.get(AUDIT_KEY_SECRET);
  return text === undefined ? ok(undefined) : parseAuditKey(text);
}
