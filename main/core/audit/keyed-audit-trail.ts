import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../common/clock.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { openFailureMessage } from '../storage/store-errors.ts';
import { AUDIT_KEY_SECRET, formatAuditKey, readAuditKey, type AuditKey } from './audit-key.ts';
import { AuditTrail } from './audit-trail.ts';

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
