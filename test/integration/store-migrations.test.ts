import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmJournal } from '../../main/core/alarms/alarm-journal.ts';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { Outbox } from '../../main/core/mes/outbox.ts';
import { ReportStore } from '../../main/core/reports/report-store.ts';
import { MARKER_SUFFIX } from '../../main/core/storage/open-store.ts';
import { UserStore } from '../../main/core/users/user-store.ts';

/**
 * Migration 1 of every store, from the real files today's code wrote before stores had versions
 * (test/fixtures/stores/v0, user_version 0): each opens as version 1 with its rows intact and marked,
 * and its schema is exactly what a new store gets.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'stores', 'v0');
const root = mkdtempSync(join(tmpdir(), 'lineside-store-migrations-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const T = Date.UTC(2026, 10, 2, 8, 0, 0);
let n = 0;

/** The v0 file in a data folder of its own. */
function v0(name: string): string {
  const dir = join(root, `${name}-${++n}`);
  const file = join(dir, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES, name), file);
  expect(versionOf(file)).toBe(0);
  return file;
}

function freshFile(name: string): string {
  return join(mkdtempSync(join(root, 'fresh-')), name);
}

function versionOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** Tables, indexes and triggers with their SQL, as SQLite keeps them. */
function schemaOf(file: string): Map<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ type: string; name: string; sql: string | null }>;
    return new Map(rows.map((r) => [`${r.type} ${r.name}`, r.sql ?? '']));
  } finally {
    db.close();
  }
}

/** After migration the old file's schema holds everything a new file's has, identically (plus data-made tables, e.g. history partitions). */
function expectSameSchema(migrated: string, fresh: string, extra: RegExp = /^$/): void {
  const a = schemaOf(migrated);
  const b = schemaOf(fresh);
  for (const [name, sql] of b) expect(a.get(name), name).toBe(sql);
  for (const name of a.keys()) if (!b.has(name)) expect(name).toMatch(extra);
}

function expectVersion1(file: string): void {
  expect(versionOf(file)).toBe(1);
  expect(existsSync(file + MARKER_SUFFIX)).toBe(true);
}

describe('later migrations', () => {
  it('alarms.sqlite 1 → 2: entries keep their message; new ones keep their placeholder values, {tag} and {id} from their columns', () => {
    const file = v0('alarms.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 1');
    raw.close();
    const journal = new AlarmJournal(file);
    const entry = { at: T + 1000, alarmId: 'Line1/Tank/Level.Hi', tag: 'Line1/Tank/Level', area: 'Tank', priority: 'high', kind: 'raise', state: 'unackActive', value: 95, user: '', comment: '' } as const;
    journal.write([{ ...entry, message: 'Level 95 % above 90 %', messageValues: { value: '95', units: '%', limit: '90', setpoint: '—', tag: 'Line1/Tank/Level', id: 'Line1/Tank/Level.Hi', state: '95' } }], new Map());
    const [newer, older] = journal.history({ limit: 10, offset: 0 }).entries;
    expect(newer).toMatchObject({ message: 'Level 95 % above 90 %', messageValues: { value: '95', units: '%', limit: '90', tag: 'Line1/Tank/Level', id: 'Line1/Tank/Level.Hi' } });
    expect(older!.messageValues).toBeUndefined();
    journal.dispose();
    expect(versionOf(file)).toBe(2);
    const db = new Database(file, { readonly: true });
    // {tag} and {id} are not stored twice.
    expect(JSON.parse((db.prepare('SELECT message_values FROM alarm_journal WHERE at = ?').get(T + 1000) as { message_values: string }).message_values)).toEqual({ value: '95', units: '%', limit: '90', setpoint: '—', state: '95' });
    db.close();
  });

  it('mes.sqlite 1 → 2: the snapshot table and the compaction indexes are added; orders and the outbox come through', () => {
    const file = v0('mes.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 1');
    raw.close();
    const store = new MesStore(file);
    expect(store.order('erp/WO-1001')).toMatchObject({ status: 'Released' });
    expect(new Outbox(store.db).openStreams('erp')).toEqual(['erp/WO-1001']);
    const names = (store.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('snapshot_orders', 'outbox_delivered', 'inbox_received') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['inbox_received', 'outbox_delivered', 'snapshot_orders']);
    store.dispose();
    expect(versionOf(file)).toBe(6);
  });

  it('mes.sqlite 2 → 3: the unused audit table is dropped; one with rows is kept as audit_before_v3, rows intact', () => {
    const tables = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'audit%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      } finally {
        db.close();
      }
    };
    const markTwo = (file: string, rows: number) => {
      const raw = new Database(file);
      for (let i = 0; i < rows; i++) raw.prepare('INSERT INTO audit (at, user, role, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)').run(T + i, 'olga', 'operator', 'workOrders.start', `erp/WO-${i}`, '{}');
      raw.pragma('user_version = 2');
      raw.close();
    };
    const empty = v0('mes.sqlite');
    markTwo(empty, 0);
    new MesStore(empty).dispose();
    expect(versionOf(empty)).toBe(6);
    expect(tables(empty)).toEqual([]);

    const used = v0('mes.sqlite');
    markTwo(used, 2);
    const store = new MesStore(used);
    expect(store.order('erp/WO-1001')).toMatchObject({ status: 'Released' });
    store.dispose();
    expect(tables(used)).toEqual(['audit_before_v3']);
    const db = new Database(used, { readonly: true });
    expect(db.prepare('SELECT user, target FROM audit_before_v3 ORDER BY at').all()).toEqual([
      { user: 'olga', target: 'erp/WO-0' },
      { user: 'olga', target: 'erp/WO-1' },
    ]);
    db.close();
  });

  it('mes.sqlite 3 → 4: the lot tables are added; orders and the outbox come through, and lots start empty', () => {
    const file = v0('mes.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 3');
    raw.close();
    const store = new MesStore(file);
    expect(store.order('erp/WO-1001')).toMatchObject({ status: 'Released' });
    expect(new Outbox(store.db).openStreams('erp')).toEqual(['erp/WO-1001']);
    const names = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('lots', 'lot_links', 'lot_completions', 'line_inputs', 'lot_sequences') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['line_inputs', 'lot_completions', 'lot_links', 'lot_sequences', 'lots']);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM lots').get()).toEqual({ n: 0 });
    store.dispose();
    expect(versionOf(file)).toBe(6);
  });

  it('users.sqlite 1 → 2: accounts get "must change password" off (they keep their own passwords)', () => {
    // A version 1 file is the v0 file marked 1: migration 1 only creates what is missing.
    const file = v0('users.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 1');
    raw.close();
    const store = new UserStore(file);
    expect(store.list().map((u) => [u.name, u.must_change_password])).toEqual([
      ['admin', 0],
      ['olga', 0],
    ]);
    store.dispose();
    expect(versionOf(file)).toBe(4);
  });

  it('users.sqlite 2 → 3: a sessions table that holds hashes of resume tokens, empty (everyone signs in once more)', () => {
    const file = v0('users.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 1');
    raw.close();
    new UserStore(file).dispose();
    const db = new Database(file, { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['token_hash', 'name', 'started_at', 'last_activity', 'ended_reason']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
    expect(versionOf(file)).toBe(4);
  });
});

describe('migration 1 of each store, from a file made by the code before versions', () => {
  it('users.sqlite: accounts, role permissions and API tokens come through', () => {
    const file = v0('users.sqlite');
    const store = new UserStore(file);
    expect(store.list().map((u) => [u.name, u.role])).toEqual([
      ['admin', 'admin'],
      ['olga', 'operator'],
    ]);
    expect(store.count()).toBe(2);
    expect(store.permissionsOf('operator')).toContain('alarms.acknowledge');
    expect(store.tokens().map((t) => t.name)).toEqual(['mes-bridge']);
    expect(store.get('olga')?.must_change_password).toBe(0);
    store.dispose();
    expect(versionOf(file)).toBe(4);
    const fresh = freshFile('users.sqlite');
    new UserStore(fresh).dispose();
    expectSameSchema(file, fresh);
  });

  it('audit.sqlite: the hash chain still verifies and goes on from its head', () => {
    const file = v0('audit.sqlite');
    const trail = new AuditTrail(file, { now: () => T + 1000 });
    expect(trail.verify()).toEqual({ ok: true, records: 2, firstBadSeq: null, problem: null });
    const head = trail.head()!;
    expect(head.seq).toBe(2);
    const next = trail.record({ user: 'admin', role: 'admin', station: 'test', action: 'config.tags.save', target: 'Line1/X' })!;
    expect(next.prevHash).toBe(head.hash);
    expect(trail.verify().records).toBe(3);
    trail.dispose();
    expectVersion1(file);
    const fresh = freshFile('audit.sqlite');
    new AuditTrail(fresh, { now: () => T }).dispose();
    expectSameSchema(file, fresh);
  });

  it('alarms.sqlite: the journal and the saved alarm states come through', () => {
    const file = v0('alarms.sqlite');
    const journal = new AlarmJournal(file);
    expect([...journal.loadStates().keys()]).toEqual(['Line1/Tank/Level.Hi']);
    const page = journal.history({ limit: 10, offset: 0 });
    expect(page).toMatchObject({ total: 1, entries: [{ alarmId: 'Line1/Tank/Level.Hi', kind: 'raise', value: 91.5 }] });
    // Migration 2: the entry of before has no placeholder values, so it shows its stored message.
    expect(page.entries[0]!.messageValues).toBeUndefined();
    journal.dispose();
    expect(versionOf(file)).toBe(2);
    expect(existsSync(file + MARKER_SUFFIX)).toBe(true);
    const fresh = freshFile('alarms.sqlite');
    new AlarmJournal(fresh).dispose();
    expectSameSchema(file, fresh);
  });

  it('reports.sqlite: reports, the logbook, classifications and the first-opened time come through', () => {
    const file = v0('reports.sqlite');
    const store = new ReportStore(file);
    expect(store.list(10)).toMatchObject([{ shiftId: '2026-11-02/Early', version: 1, signature: null }]);
    expect(store.wasGenerated('2026-11-02/Early')).toBe(true);
    expect(store.firstOpenedAt(T)).toBe(T - 86_400_000);
    expect(store.logbook(T - 1, T + 1).map((e) => e.text)).toEqual(['Changed the label roll']);
    expect(store.classifications('Line1', T - 3_600_000, T)).toMatchObject([{ code: 'fault' }]);
    store.dispose();
    expectVersion1(file);
    const fresh = freshFile('reports.sqlite');
    new ReportStore(fresh).dispose();
    expectSameSchema(file, fresh);
  });

  it('mes.sqlite: work orders, the unsent outbox and the cursors come through', () => {
    const file = v0('mes.sqlite');
    const store = new MesStore(file);
    expect(store.order('erp/WO-1001')).toMatchObject({ status: 'Released', order: { id: 'WO-1001' } });
    const outbox = new Outbox(store.db);
    expect(outbox.openStreams('erp')).toEqual(['erp/WO-1001']);
    expect(outbox.head('erp', 'erp/WO-1001')).toMatchObject({ state: 'pending', message: { key: 'WO-1001.c1' } });
    expect(store.cursor('erp')).toBe('2026-11-02T08:00:00Z');
    store.dispose();
    expect(versionOf(file)).toBe(6);
    const fresh = freshFile('mes.sqlite');
    new MesStore(fresh).dispose();
    expectSameSchema(file, fresh);
  });

  it('history.sqlite: tags keep their ids, points, rollups and partitions come through', () => {
    const file = v0('history.sqlite');
    const storage = new SqliteStorage(file);
    expect(storage.tagIds(['Line1/Filler/Speed', 'Line1/Tank/Level'])).toEqual([1, 2]);
    expect(storage.readRaw(1, 0, 8.64e15, 10).map((p) => p.v)).toEqual([10, 11]);
    expect(storage.readRollups('minute', 1, 0, 8.64e15)).toMatchObject([{ count: 2, min: 10, max: 11 }]);
    expect(storage.size().partitions.map((p) => p.name)).toEqual(['hour_2026', 'minute_202611', 'raw_202611']);
    // Version 2 keeps raw samples in blocks: the rows move there in the background, readable all along.
    expect(storage.migrateStep(1000)).toEqual({ moved: 3, rowsLeft: 0, done: true });
    expect(storage.readRaw(1, 0, 8.64e15, 10).map((p) => p.v)).toEqual([10, 11]);
    expect(storage.readRaw(2, 0, 8.64e15, 10).map((p) => p.v)).toEqual([55.5]);
    expect(storage.size().partitions.map((p) => p.name)).toEqual(['hour_2026', 'blocks_202611', 'minute_202611']);
    expect(storage.size().tagRows).toEqual([
      { tag: 'Line1/Filler/Speed', rows: 2 },
      { tag: 'Line1/Tank/Level', rows: 1 },
    ]);
    storage.close();
    expect(versionOf(file)).toBe(2);
    expect(existsSync(file + MARKER_SUFFIX)).toBe(true);
    const fresh = freshFile('history.sqlite');
    new SqliteStorage(fresh).close();
    expectSameSchema(file, fresh, /^(table (raw|blocks|minute|hour)_\d+|index sqlite_autoindex_blocks_\d+_1)$/);
    // The historian's file keeps incremental auto-vacuum (a new one is made with it, as before).
    const db = new Database(fresh, { readonly: true });
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.close();
  });
});
