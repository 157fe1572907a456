import { openFailureMessage } from '../storage/store-errors.ts';
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Clock } from '../../../common/clock.ts';
import { AuditTrail } from './audit-trail.ts';

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

/**
 * Opens the station's audit trail keyed. The first start of this version makes the key (32 random
 * bytes, in the secrets file, mode 600) to start at the next record, then the trail records that it
 * is keyed from there. A trail that is keyed while the secrets file has no key, or that ends before
 * its key begins (records removed, or the two restored from different backups), refuses: re-keying
 * then would hide exactly what the key is there to show.
 */
export function openKeyedAuditTrail(file: string, clock: Clock, store: SecretStore): Result<AuditTrail> {
  const stored = readAuditKey(store);
  if (!stored.ok) return stored;
  let key = stored.value;
  let trail: AuditTrail;
  if (key) return keyedTrail(file, clock, key);
  try {
    trail = new AuditTrail(file, clock);
  } catch (error) {
    return fail('config-error', openFailureMessage(error, `cannot open the audit trail ${file}`));
  }
  const keyed = trail.keyedFrom();
  if (keyed !== undefined) {
    trail.dispose();
    return fail(
      'config-error',
      `the audit trail ${file} is keyed from record ${keyed}, but the secrets file ${store.file} has no audit key (${AUDIT_KEY_SECRET}). Restore the secrets file from the backup made with this audit trail; Lineside does not start a new key over a keyed trail.`,
    );
  }
  key = { key: randomBytes(32), fromSeq: (trail.head()?.seq ?? 0) + 1 };
  trail.dispose();
  const saved = store.set(AUDIT_KEY_SECRET, formatAuditKey(key));
  if (!saved.ok) return saved;
  return keyedTrail(file, clock, key);
}

function keyedTrail(file: string, clock: Clock, key: AuditKey): Result<AuditTrail> {
  let trail: AuditTrail | undefined;
  try {
    trail = new AuditTrail(file, clock, { key });
    trail.startKeyedChain();
    return ok(trail);
  } catch (error) {
    trail?.dispose();
    return fail('config-error', openFailureMessage(error, `cannot open the audit trail ${file}`));
  }
}
