import Database from 'better-sqlite3';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../common/audit.ts';
import { keyedRecordHash, recordHash } from '../../main/core/audit/audit-chain.ts';
import { AUDIT_KEY_SECRET, readAuditKey } from '../../main/core/audit/audit-key.ts';
import { openKeyedAuditTrail } from '../../main/core/audit/keyed-audit-trail.ts';
import { AUDIT_FILE, AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { SecretStore } from '../../main/core/secrets/secret-store.ts';
import { runNodeScript } from '../support/cli-process.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** An audit.sqlite written by the unkeyed (SHA-256 only) chain, with a device password in clear in record 3, as older versions recorded it. */
const OLD_TRAIL = join(import.meta.dirname, '../fixtures/audit/unkeyed/audit.sqlite');
const ENTRY = { user: 'ann', role: 'operator', station: '10.0.0.7' };

interface Row {
  seq: number;
  at: number;
  user: string;
  role: string;
  station: string;
  action: string;
  target: string;
  old_value: string;
  new_value: string;
  reason: string;
  meaning: string;
  prev_hash: string;
  hash: string;
}

/**
 * What someone who can write the trail but does not hold its key can do at best: rewrite records (here
 * `edit` changes them) and recompute every hash and the head row consistently, with SHA-256 or a key of
 * their own. The file is edited for real, around the append-only triggers.
 */
function rebuild(file: string, edit: (row: Row) => Row, key?: Buffer): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  const rows = (db.prepare('SELECT * FROM audit ORDER BY seq').all() as Row[]).map(edit);
  let prevHash = '0'.repeat(64);
  const update = db.prepare('UPDATE audit SET new_value = @new_value, action = @action, prev_hash = @prev_hash, hash = @hash WHERE seq = @seq');
  for (const row of rows) {
    const unhashed: Omit<AuditRecord, 'hash'> = {
      seq: row.seq,
      at: row.at,
      user: row.user,
      role: row.role,
      station: row.station,
      action: row.action,
      target: row.target,
      oldValue: row.old_value,
      newValue: row.new_value,
      reason: row.reason,
      meaning: row.meaning,
      prevHash,
    };
    const hash = key ? keyedRecordHash(unhashed, key) : recordHash(unhashed);
    update.run({ ...row, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(rows.at(-1)!.seq, prevHash);
  db.close();
}

async function verifyCli(dir: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const cli = runNodeScript('main/core/audit/audit-cli.ts', ['--data', dir, ...args]);
  const code = await cli.exited;
  return { code, output: cli.output() };
}

describe('the keyed audit chain (HMAC under a key kept in the secrets file)', () => {
  let dir: string;
  let file: string;
  let clock: ManualClock;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lineside-audit-keyed-'));
    file = join(dir, AUDIT_FILE);
    clock = new ManualClock();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  function store(): SecretStore {
    const opened = SecretStore.open(dir);
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  }

  function open(): AuditTrail {
    const trail = openKeyedAuditTrail(file, clock, store());
    if (!trail.ok) throw new Error(trail.error.message);
    return trail.value;
  }

  it('keys a new trail from its first record; a trail rebuilt consistently without the key fails audit:verify, the real one passes', async () => {
    const trail = open();
    for (let i = 1; i <= 3; i++) trail.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Speed', newValue: i });
    const [first] = trail.search({ limit: 10 }).records.slice(-1);
    expect(first).toMatchObject({ seq: 1, action: 'audit.keyed', user: 'system' });
    expect(trail.verify()).toEqual({ ok: true, records: 4, firstBadSeq: null, problem: null });
    const anchor = trail.head()!;
    trail.dispose();
    expect(readAuditKey(store())).toMatchObject({ ok: true, value: { fromSeq: 1 } });

    expect(await verifyCli(dir, '--anchor', `${anchor.seq}:${anchor.hash}`)).toMatchObject({ code: 0, output: expect.stringContaining('audit trail intact: 4 records, keyed from record 1, anchored record 4 present') });

    // Record 3 changed and the whole chain recomputed consistently (as the plain hash chain allowed).
    rebuild(file, (row) => (row.seq === 3 ? { ...row, new_value: '99' } : row));
    expect(await verifyCli(dir)).toMatchObject({
      code: 1,
      output: expect.stringMatching(/NOT intact at record 1: record 1 was changed after it was written \(its keyed hash \(HMAC\) does not match its content, or it was written without the audit key\)/),
    });
    // Nor does a key of the forger's own choosing help.
    rebuild(file, (row) => row, Buffer.alloc(32, 7));
    expect((await verifyCli(dir)).code).toBe(1);
  });

  it('keeps verifying an old unkeyed trail and keys it from a recorded point; rebuilding it without the key fails from there', async () => {
    await copyFile(OLD_TRAIL, file);
    const trail = open();
    const keyed = trail.search({ limit: 10 }).records[0]!;
    expect(keyed).toMatchObject({ seq: 7, action: 'audit.keyed' });
    expect(JSON.parse(keyed.newValue)).toMatchObject({ algorithm: 'HMAC-SHA256', fromSeq: 7, before: 'records 1 to 6 are chained by SHA-256 (written before the chain was keyed)' });
    trail.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Speed', newValue: 8 });
    expect(trail.verify()).toMatchObject({ ok: true, records: 8 });
    // The old record with a password in clear is shown masked; the stored record (and its hash) is unchanged.
    const old = trail.search({ limit: 10 }).records.find((r) => r.seq === 3)!;
    expect(old.newValue).not.toContain('old-plc-password-in-clear');
    expect(JSON.parse(old.newValue)).toMatchObject({ config: { auth: { password: { set: true } } } });
    expect(trail.exportCsv({}).csv).not.toContain('old-plc-password-in-clear');
    trail.dispose();
    // A reopen neither re-keys nor adds a record.
    const again = open();
    expect(again.head()!.seq).toBe(8);
    again.dispose();
    expect(await verifyCli(dir)).toMatchObject({ code: 0, output: expect.stringContaining('8 records, keyed from record 7') });

    // Record 2 edited and every hash recomputed with plain SHA-256: the old part is consistent, the keyed part is not.
    rebuild(file, (row) => (row.seq === 2 ? { ...row, new_value: '"forged"' } : row));
    expect(await verifyCli(dir)).toMatchObject({ code: 1, output: expect.stringContaining('NOT intact at record 7') });
  });

  it('a trail rebuilt without its keyed part (no record says it is keyed) fails; so does one cut back before the key', async () => {
    await copyFile(OLD_TRAIL, file);
    const trail = open();
    trail.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Speed', newValue: 8 });
    trail.dispose();
    const db = new Database(file);
    db.exec("DROP TRIGGER audit_no_update; UPDATE audit SET action = 'tags.write' WHERE seq = 7");
    db.close();
    rebuild(file, (row) => row);
    expect(await verifyCli(dir)).toMatchObject({
      code: 1,
      output: expect.stringContaining('NOT intact at record 7: record 7 should start the keyed chain (the audit key starts there), but it is a tags.write record: the trail was rebuilt'),
    });

    const cut = new Database(file);
    cut.exec('DROP TRIGGER IF EXISTS audit_no_delete; DELETE FROM audit WHERE seq >= 5; UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit WHERE seq = 4)');
    cut.close();
    const refused = openKeyedAuditTrail(file, clock, store());
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('it ends at record 4, but its key (lineside.auditKey in the secrets file) was made to start at record 7') } });
  });

  it('refuses to start a new key over a keyed trail whose key is gone, and audit:verify says why it cannot verify', async () => {
    open().dispose();
    expect(store().delete(AUDIT_KEY_SECRET)).toEqual({ ok: true, value: true });
    const refused = openKeyedAuditTrail(file, clock, store());
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is keyed from record 1, but the secrets file .* has no audit key \(lineside\.auditKey\)\. Restore the secrets file/) } });
    expect(store().has(AUDIT_KEY_SECRET)).toBe(false);
    expect(await verifyCli(dir)).toMatchObject({ code: 1, output: expect.stringContaining('record 1 starts a keyed chain, but no audit key was given') });
  });
});
