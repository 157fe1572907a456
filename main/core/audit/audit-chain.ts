import { createHash, createHmac } from 'node:crypto';
import type { AuditRecord } from '../../../common/audit.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so one value always has one text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The SHA-256 of a record's canonical form: every field but the hash itself, in a fixed order, as a
 * JSON array (so no field can bleed into the next). The previous record's hash is part of it: editing,
 * deleting or reordering any record breaks every hash after it.
 */
export function recordHash(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonicalRecord(record)).digest('hex');
}

/**
 * The HMAC-SHA256 of the same canonical form under the station's audit key (kept in its secrets file,
 * apart from the trail): someone who can rewrite the trail but does not hold the key cannot make
 * records that verify, however consistently they rebuild the chain.
 */
export function keyedRecordHash(record: Omit<AuditRecord, 'hash'>, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalRecord(record)).digest('hex');
}

function canonicalRecord(record: Omit<AuditRecord, 'hash'>): string {
  const fields = [record.seq, record.at, record.user, record.role, record.station, record.action, record.target, record.oldValue, record.newValue, record.reason, record.meaning, record.prevHash];
  return JSON.stringify(fields);
}
