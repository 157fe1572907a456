import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SecretStore } from '../secrets/secret-store.ts';
import { readAuditKey } from './audit-key.ts';
import { AUDIT_FILE, AuditTrail } from './audit-trail.ts';
import { systemClock } from '../../../common/clock.ts';

const USAGE = 'usage: npm run audit:verify -- --data DIR [--anchor SEQ:SHA256]';

/**
 * `npm run audit:verify -- --data DIR [--anchor SEQ:SHA256]`: walks the audit trail's hash chain in
 * DIR/audit.sqlite (keyed records with the audit key from DIR/secrets.json) and, with `--anchor` (a shift report's "audit trail at generation"), checks the
 * trail still holds that record. Exit 0 when intact, 1 naming the first bad sequence number, 2 for
 * wrong usage.
 */
function main(): number {
  let data: string | undefined;
  let anchorText: string | undefined;
  try {
    ({
      values: { data, anchor: anchorText },
    } = parseArgs({ options: { data: { type: 'string' }, anchor: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (data === undefined) {
    console.error(`${USAGE} (DIR: the runtime data folder, e.g. examples/bottling-line/.lineside-data)`);
    return 2;
  }
  const anchorMatch = anchorText === undefined ? undefined : /^(\d+):([0-9a-fA-F]{64})$/.exec(anchorText.trim());
  if (anchorText !== undefined && !anchorMatch) {
    console.error(`--anchor must be SEQ:SHA256 (a record number, a colon and 64 hex digits), got "${anchorText}"\n${USAGE}`);
    return 2;
  }
  const file = join(resolve(data), AUDIT_FILE);
  if (!existsSync(file)) {
    console.error(`no audit trail at ${file}`);
    return 2;
  }
  const store = SecretStore.open(resolve(data));
  const key = store.ok ? readAuditKey(store.value) : store;
  if (!key.ok) {
    console.error(key.error.message);
    return 2;
  }
  let trail: AuditTrail;
  try {
    trail = new AuditTrail(file, systemClock, { mustExist: true, key: key.value });
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  try {
    const result = anchorMatch ? trail.verifyAnchor({ seq: Number(anchorMatch[1]), hash: anchorMatch[2]! }) : trail.verify();
    const keyed = key.value ? `, keyed from record ${key.value.fromSeq}` : ', not keyed (no audit key in the secrets file)';
    if (result.ok) console.log(`audit trail intact: ${result.records} records${keyed}${anchorMatch ? `, anchored record ${anchorMatch[1]} present` : ''} (${file})`);
    else console.error(`audit trail NOT intact at record ${result.firstBadSeq}: ${result.problem}`);
    return result.ok ? 0 : 1;
  } finally {
    trail.dispose();
  }
}

process.exitCode = main();
