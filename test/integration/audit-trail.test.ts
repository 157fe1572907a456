import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_FILE, AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { recordHash } from '../../main/core/audit/audit-chain.ts';
import { runNodeScript } from '../support/cli-process.ts';
import { ManualClock } from '../support/manual-clock.ts';

const ENTRY = { user: 'ann', role: 'operator', station: '10.0.0.7' };

/** Edits the closed trail's SQLite file for real, around its append-only triggers (as another tool would). */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  db.exec(sql);
  db.close();
}

describe('the audit trail (hash-chained, append-only, SQLite)', () => {
  let dir: string;
  let file: string;
  let clock: ManualClock;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lineside-audit-'));
    file = join(dir, AUDIT_FILE);
    clock = new ManualClock();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Five records written and the trail closed. */
  function writeFive(): void {
    const trail = new AuditTrail(file, clock);
    for (let i = 1; i <= 5; i++) {
      clock.advance(1000);
      trail.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Conveyor/Speed', oldValue: { value: i * 10 }, newValue: i * 10 + 5, reason: i === 3 ? 'batch 42' : '' });
    }
    trail.dispose();
  }

  function verify(): ReturnType<AuditTrail['verify']> {
    const trail = new AuditTrail(file, clock);
    try {
      return trail.verify();
    } finally {
      trail.dispose();
    }
  }

  it('chains every record to the one before and verifies intact, also after reopening', () => {
    writeFive();
    const trail = new AuditTrail(file, clock);
    const page = trail.search({ limit: 10 });
    expect(page.records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(page.records[4]!.prevHash).toBe('0'.repeat(64));
    for (let i = 0; i < 4; i++) expect(page.records[i]!.prevHash).toBe(page.records[i + 1]!.hash);
    expect(page.records[0]).toMatchObject({ user: 'ann', station: '10.0.0.7', oldValue: '{"value":50}', newValue: '55' });
    expect(trail.record({ ...ENTRY, action: 'alarms.acknowledge', target: 'Tank/Level/Hi' })?.seq).toBe(6);
    expect(trail.verify()).toEqual({ ok: true, records: 6, firstBadSeq: null, problem: null });
    trail.dispose();
  });

  it('refuses UPDATE and DELETE through SQLite (append-only triggers)', () => {
    writeFive();
    const db = new Database(file);
    expect(() => db.exec("UPDATE audit SET new_value = '99' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit WHERE seq = 2')).toThrow(/append-only/);
    db.close();
    expect(verify().ok).toBe(true);
  });

  it('detects an edited record and names it', () => {
    writeFive();
    tamper(file, "UPDATE audit SET new_value = '99' WHERE seq = 3");
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: expect.stringMatching(/record 3 was changed/) });
  });

  it('detects an edit that also recomputes the record own hash (the next record no longer follows)', () => {
    writeFive();
    const trail = new AuditTrail(file, clock);
    const third = trail.search({ limit: 10 }).records.find((r) => r.seq === 3)!;
    trail.dispose();
    // Forge record 3 consistently with itself: its hash fits its new content, but record 4 still points at the old one.
    const { hash, ...unhashed } = { ...third, newValue: '99' };
    expect(hash).toBe(third.hash);
    tamper(file, `UPDATE audit SET new_value = '99', hash = '${recordHash(unhashed)}' WHERE seq = 3`);
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: expect.stringMatching(/does not follow record 3/) });
  });

  it('detects a deleted record in the middle and at the end', () => {
    writeFive();
    tamper(file, 'DELETE FROM audit WHERE seq = 2');
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'record 2 is missing (the next one is 3)' });
  });

  it('detects records cut off the end through the head row', () => {
    writeFive();
    tamper(file, 'DELETE FROM audit WHERE seq >= 4');
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'records 4 to 5 are missing from the end' });
  });

  it('detects reordered records', () => {
    writeFive();
    tamper(file, 'UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 100;');
    expect(verify()).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('searches by user, action prefix, text and time, pages back, and exports CSV oldest first', () => {
    const trail = new AuditTrail(file, clock);
    trail.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Conveyor/Speed', newValue: 12 });
    clock.advance(60_000);
    const from = clock.now();
    trail.record({ user: 'eve', role: 'engineer', station: '127.0.0.1', action: 'alarms.definitions.save', target: 'Tank/Level/Hi', reason: 'new limit, "per MOC-7"' });
    trail.record({ ...ENTRY, action: 'alarms.acknowledge', target: '=HYPERLINK("x")' });
    expect(trail.search({ user: 'EVE', limit: 10 }).records.map((r) => r.seq)).toEqual([2]);
    expect(trail.search({ action: 'alarms.', limit: 10 }).records.map((r) => r.seq)).toEqual([3, 2]);
    expect(trail.search({ action: 'alarms', limit: 10 }).records).toEqual([]);
    expect(trail.search({ text: 'moc-7', limit: 10 }).records.map((r) => r.seq)).toEqual([2]);
    expect(trail.search({ text: '%', limit: 10 }).records).toEqual([]);
    expect(trail.search({ from, limit: 10 }).records.map((r) => r.seq)).toEqual([3, 2]);
    expect(trail.search({ limit: 1, beforeSeq: 3 })).toMatchObject({ records: [{ seq: 2 }], more: true });
    const { csv, records } = trail.exportCsv({ action: 'alarms.' });
    expect(records).toBe(2);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,time (UTC),user,role,station,action,target,old value,new value,reason,meaning,hash');
    expect(lines[1]).toContain('"new limit, ""per MOC-7"""');
    // A formula in a value is neutralised for spreadsheets.
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
    trail.dispose();
  });

  it('npm run audit:verify names the first bad record and exits 1; 0 when intact', async () => {
    writeFive();
    const run = async (args: string[]) => {
      const cli = runNodeScript('main/core/audit/audit-cli.ts', args);
      const code = await cli.exited;
      return { code, output: cli.output() };
    };
    const good = await run(['--data', dir]);
    expect(good).toMatchObject({ code: 0, output: expect.stringContaining('audit trail intact: 5 records') });
    tamper(file, "UPDATE audit SET user = 'mallory' WHERE seq = 4");
    const bad = await run(['--data', dir]);
    expect(bad).toMatchObject({ code: 1, output: expect.stringContaining('NOT intact at record 4') });
    expect((await run([])).code).toBe(2);
  });

  it('an anchor taken earlier (as a shift report keeps it) catches a trail rebuilt consistently', async () => {
    writeFive();
    const trail = new AuditTrail(file, clock);
    const anchor = trail.head()!;
    expect(anchor.seq).toBe(5);
    expect(trail.verifyAnchor(anchor)).toMatchObject({ ok: true, records: 5 });
    trail.dispose();
    // Records 4 and 5 removed and the head row set back: the chain alone is consistent again…
    tamper(file, 'DELETE FROM audit WHERE seq >= 4; UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit WHERE seq = 3)');
    expect(verify()).toMatchObject({ ok: true, records: 3 });
    const cut = new AuditTrail(file, clock);
    expect(cut.verifyAnchor(anchor)).toMatchObject({ ok: false, firstBadSeq: 5, problem: expect.stringContaining('the anchored record 5 is not in the trail') });
    // …and two other records appended in their place (a forged, well-formed chain) are no better.
    cut.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Conveyor/Speed', newValue: 1 });
    cut.record({ ...ENTRY, action: 'tags.write', target: 'Line1/Conveyor/Speed', newValue: 2 });
    expect(cut.verify()).toMatchObject({ ok: true, records: 5 });
    expect(cut.verifyAnchor(anchor)).toMatchObject({ ok: false, firstBadSeq: 5, problem: expect.stringContaining('record 5 is not the anchored one') });
    cut.dispose();

    const run = async (args: string[]) => {
      const cli = runNodeScript('main/core/audit/audit-cli.ts', args);
      const code = await cli.exited;
      return { code, output: cli.output() };
    };
    const anchored = await run(['--data', dir, '--anchor', `${anchor.seq}:${anchor.hash}`]);
    expect(anchored).toMatchObject({ code: 1, output: expect.stringContaining('NOT intact at record 5') });
    const malformed = await run(['--data', dir, '--anchor', '5:abc']);
    expect(malformed).toMatchObject({ code: 2, output: expect.stringContaining('--anchor must be SEQ:SHA256') });
    const first = new AuditTrail(file, clock);
    const record1 = first.search({ limit: 5000 }).records.find((r) => r.seq === 1)!;
    first.dispose();
    expect(await run(['--data', dir, '--anchor', `1:${record1.hash}`])).toMatchObject({ code: 0, output: expect.stringContaining('anchored record 1 present') });
  });
});
