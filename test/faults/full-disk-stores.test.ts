import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StoreStatus } from '../../common/stores.ts';
import { AlarmJournal, type NewJournalEntry } from '../../main/core/alarms/alarm-journal.ts';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { ReportStore } from '../../main/core/reports/report-store.ts';
import { StoreUnavailableError } from '../../main/core/storage/store-errors.ts';
import type { StoreHealth } from '../../main/core/storage/store-health.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { Sessions } from '../../main/core/users/sessions.ts';
import { UserStore } from '../../main/core/users/user-store.ts';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.ts';
import { tag } from '../support/tags.ts';

/**
 * Each store that writes, on a disk that fills up under it: it says it is failing and why, refuses or
 * holds (bounded) what it cannot write, and recovers by itself when space returns. On a real small
 * tmpfs where the test may mount one; where it may not, under SQLite's max_page_count (said in the log
 * and in the suite's name).
 */
const mounted = await mountSmallDisk(64);
const disk: SmallDisk | undefined = mounted.disk;
const why = mounted.disk ? '' : mounted.why;
if (!disk) console.log(`full-disk-stores: ${why}; falling back to SQLite's max_page_count`);
let dir = '';
const cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await disk?.free();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
afterAll(async () => {
  await disk?.dispose();
});

const mode = () => (disk ? 'a tmpfs mounted by the test' : `SQLite max_page_count (mount impossible: ${why})`);

function folder(): string {
  dir = mkdtempSync(join(disk?.dir ?? tmpdir(), 'store-'));
  return dir;
}

/** The store's connection, for the max_page_count fallback only. */
function dbOf(store: object): Database.Database {
  return (store as { db: Database.Database }).db;
}

async function fill(...stores: object[]): Promise<void> {
  if (disk) return disk.fill();
  for (const s of stores) dbOf(s).pragma(`max_page_count = ${dbOf(s).pragma('page_count', { simple: true }) as number}`);
}

async function free(...stores: object[]): Promise<void> {
  if (disk) return disk.free();
  for (const s of stores) dbOf(s).pragma('max_page_count = 4294967294');
}

function next(health: StoreHealth | { onDidChange: StoreHealth['onDidChange'] }, match: (s: StoreStatus) => boolean, ms = 10_000): Promise<StoreStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (subscription.dispose(), reject(new Error('no such store status in time'))), ms);
    const subscription = health.onDidChange((s) => {
      if (match(s)) (clearTimeout(timer), subscription.dispose(), resolve(s));
    });
  });
}

const entry = (i: number): NewJournalEntry => ({
  at: 1_000 + i,
  alarmId: 'T/Hi',
  tag: 'T',
  area: 'A',
  priority: 'high',
  kind: i % 2 ? 'clear' : 'raise',
  state: 'unackActive',
  value: i,
  user: '',
  comment: '',
  message: `entry ${i} ${'m'.repeat(100)}`,
});

describe(`stores on a full disk (${mode()})`, () => {
  it('the alarm journal holds what it cannot write, bounded (the oldest given up and counted), and writes it when space returns', async () => {
    const journal = new AlarmJournal(join(folder(), 'alarms.sqlite'), { retryMs: 50 });
    cleanup.push(() => journal.dispose());
    journal.write([entry(0)], new Map());
    await fill(journal);
    const failing = next(journal.health, (s) => s.state === 'failing');
    // More than fits in the pages left, then far more than the bound.
    for (let i = 1; i <= 60_000; i++) journal.write([entry(i)], new Map([['T/Hi', { status: { kind: 'normal' }, active: false, raises: [] } as never]]));
    expect(await failing).toMatchObject({ reason: 'disk-full', store: 'alarms', file: 'alarms.sqlite' });
    const status = journal.health.status();
    expect(status.waiting).toBeLessThanOrEqual(50_000);
    expect(status.waiting + status.dropped + journal.history({ limit: 1, offset: 0 }).total).toBe(60_001);
    expect(status.dropped).toBeGreaterThanOrEqual(10_000 - 5_000);
    const recovered = next(journal.health, (s) => s.state === 'ok');
    await free(journal);
    expect(await recovered).toMatchObject({ waiting: 0, dropped: status.dropped });
    const written = journal.history({ limit: 1, offset: 0 });
    expect(written.total).toBe(60_001 - status.dropped);
    // Kept in order: the newest entry is the last one written.
    expect(written.entries[0]!.value).toBe(60_000);
    expect([...journal.loadStates().keys()]).toEqual(['T/Hi']);
  }, 60_000);

  it('the audit trail refuses acting ("audit trail cannot be written: disk full"), holds its records in order, bounded, and writes them with a record of the lost ones', async () => {
    let now = 1_000;
    const trail = new AuditTrail(join(folder(), 'audit.sqlite'), { now: () => now++ }, { retryMs: 50 });
    cleanup.push(() => trail.dispose());
    trail.record({ user: 'ada', role: 'admin', station: 's', action: 'users.create', target: 'olga' });
    expect(trail.ensureWritable()).toEqual({ ok: true, value: undefined });
    await fill(trail);
    // Fill what pages are left, then the bound.
    let held = 0;
    for (let i = 0; i < 10_050 || held === 0; i++) if (trail.record({ user: 'system', role: '', station: 'runtime', action: 'mes.auto', target: `#${i}`, newValue: 'v'.repeat(200) }) === undefined) held++;
    expect(trail.ensureWritable()).toEqual({ ok: false, error: { code: 'unavailable', message: 'audit trail cannot be written: disk full' } });
    const status = trail.health.status();
    expect(status).toMatchObject({ state: 'failing', reason: 'disk-full', waiting: Math.min(held, 10_000), dropped: Math.max(0, held - 10_000) });
    const recovered = next(trail.health, (s) => s.state === 'ok');
    await free(trail);
    await recovered;
    const verified = trail.verify();
    expect(verified.ok).toBe(true);
    const last = trail.search({ limit: 2 }).records;
    if (status.dropped > 0) expect(last[0]).toMatchObject({ action: 'audit.recordsLost', newValue: expect.stringContaining(`"count":${status.dropped}`) });
    expect(trail.ensureWritable().ok).toBe(true);
  }, 60_000);

  it('the user, reports and MES stores refuse a write with the reason, keep reading, and take writes again once space returns', async () => {
    const base = folder();
    const users = new UserStore(join(base, 'users.sqlite'), { retryMs: 50 });
    const reports = new ReportStore(join(base, 'reports.sqlite'), { retryMs: 50 });
    const mes = new MesStore(join(base, 'mes.sqlite'), { retryMs: 50 });
    cleanup.push(
      () => users.dispose(),
      () => reports.dispose(),
      () => mes.dispose(),
    );
    users.insert({ name: 'ada', full_name: 'Ada', role: 'admin', password_hash: 'x', created_at: 1, must_change_password: 0 });
    users.insertToken({ id: 't1', name: 'bridge', hash: 'h'.repeat(64), scopes: '["view"]', created_by: 'ada', created_at: 1, expires_at: null, revoked_at: null, last_used_at: null });
    await fill(users, reports, mes);
    const bulky = 'x'.repeat(4000);
    const refusals: string[] = [];
    const attempt = (work: () => unknown) => {
      try {
        for (let i = 0; i < 400; i++) work();
      } catch (error) {
        expect(error).toBeInstanceOf(StoreUnavailableError);
        refusals.push((error as Error).message);
      }
    };
    let n = 0;
    attempt(() => users.insert({ name: `u${n++}`, full_name: bulky, role: 'operator', password_hash: bulky, created_at: 2, must_change_password: 0 }));
    attempt(() => reports.addLogbook({ at: n++, user: 'ada', role: 'admin', line: 'L1', text: bulky }));
    attempt(() => mes.transaction(() => mes.setCursor(`c${n++}`, bulky)));
    expect(refusals).toEqual(['user store cannot be written: disk full', 'reports store cannot be written: disk full', 'MES store cannot be written: disk full']);
    const back = Promise.all([users.health, reports.health, mes.health].map((h) => next(h, (s) => s.state === 'ok')));
    // Reads go on; a token's last use is skipped, not an error.
    expect(users.get('ada')?.full_name).toBe('Ada');
    expect(() => users.touchToken('t1', 5)).not.toThrow();
    expect(reports.logbook(0, 1e15).length).toBeGreaterThanOrEqual(0);
    await free(users, reports, mes);
    await back;
    expect(users.insert({ name: 'olga', full_name: 'Olga', role: 'operator', password_hash: 'x', created_at: 3, must_change_password: 0 })).toBe(true);
    expect(reports.addLogbook({ at: 9, user: 'ada', role: 'admin', line: 'L1', text: 'space is back' }).text).toBe('space is back');
  }, 60_000);

  it('signing in and out still works while users.sqlite cannot be written: the sessions are held in memory until space returns', async () => {
    const users = new UserStore(join(folder(), 'users.sqlite'), { retryMs: 50 });
    cleanup.push(() => users.dispose());
    let now = 1_000_000;
    const sessions = new Sessions(users, { now: () => now }, () => ({ idleMs: 600_000, lifetimeMs: 3_600_000 }));
    const stored = sessions.start('ada');
    await fill(users);
    // Fill the last free pages with sessions until the store refuses one (bounded).
    let refused = false;
    for (let i = 0; i < 20_000 && !refused; i++) refused = !users.insertSession({ token_hash: `${i}`.padStart(64, '0'), name: 'x'.repeat(4000), started_at: now, last_activity: now });
    expect(refused).toBe(true);
    const held = sessions.start('ada');
    expect(users.session(createHash('sha256').update(held).digest('hex'))).toBeUndefined();
    expect(sessions.check(held, true)).toEqual({ ok: true, value: { name: 'ada' } });
    now += 500_000;
    expect(sessions.check(held, true).ok).toBe(true);
    now += 500_000;
    // Touched in memory: the idle time counts from the last action, not from signing in.
    expect(sessions.check(held, false).ok).toBe(true);
    expect(sessions.end(held, 'logout')).toBe(true);
    expect(sessions.check(held, false)).toMatchObject({ ok: false, error: { message: 'ada signed out (here or in another window): sign in again.' } });
    // A stored session whose end the store cannot record ends in memory, and so does a person's disabling.
    const another = sessions.start('ada');
    expect(sessions.endAllOf('ada', 'disabled')).toBeGreaterThanOrEqual(2);
    for (const token of [stored, another]) expect(sessions.check(token, false)).toMatchObject({ ok: false, error: { message: 'ada was signed out because the account was disabled.' } });
    await free(users);
    const later = sessions.start('olga');
    expect(users.session(createHash('sha256').update(later).digest('hex'))?.name).toBe('olga');
  }, 60_000);
});

describe.skipIf(process.platform !== 'linux')('the historian on a full disk (a real tmpfs only: its file lives in a worker thread)', () => {
  const TAGS = [tag({ path: 'H/A', history: { enabled: true } }), tag({ path: 'H/B', history: { enabled: true } })];

  /** The engine's and historian's clock: one millisecond per sample, so every sample has its own time. */
  let t = Date.now() - 600_000;
  const clock = { now: () => t };
  /** Values n² for n = from, from + 1...: never on one line, so compression keeps every one. */
  function feed(engine: TagEngine, from: number, count: number): void {
    for (let i = 0; i < count; i++) {
      t++;
      const n = from + i;
      engine.ingest([
        { handle: 0, value: { value: n * n, quality: 'Good', sourceTime: t, serverTime: t } },
        { handle: 1, value: { value: -n * n, quality: 'Good', sourceTime: t, serverTime: t } },
      ]);
    }
  }
  const squares = (from: number, count: number) => Array.from({ length: count }, (_, i) => (from + i) ** 2);

  it('keeps recording while it can, holds a bounded queue while it cannot, and catches up by itself', async (context) => {
    if (!disk) {
      console.log(`full-disk-stores: ${why}; the historian's full-disk test needs a real full disk, skipped`);
      return context.skip();
    }
    const engine = new TagEngine(TAGS, clock);
    const started = await Historian.start(engine, clock, { file: join(folder(), 'history.sqlite'), batchMs: 20, maxPendingSamples: 2_000 });
    if (!started.ok) throw new Error(started.error.message);
    const historian = started.value;
    cleanup.push(
      () => engine.dispose(),
      () => historian.close(),
    );
    feed(engine, 0, 100);
    await historian.flush();
    await disk.fill();
    const failing = next(historian.health, (s) => s.state === 'failing');
    for (let round = 0; round < 60 && historian.health.status().dropped === 0; round++) {
      feed(engine, 1000 + round * 200, 200);
      await historian.flush();
    }
    expect(await failing).toMatchObject({ store: 'historian', reason: 'disk-full' });
    const status = historian.health.status();
    // Bounded: the queue never holds much more than its bound (one batch over at most); the rest is counted.
    expect(status.waiting).toBeLessThanOrEqual(2_000 + 400);
    expect(status.dropped).toBeGreaterThan(0);
    const recovered = next(historian.health, (s) => s.state === 'ok');
    await disk.free();
    feed(engine, 90_000, 10);
    await historian.flush();
    await recovered;
    const result = await historian.query({ kind: 'raw', tags: ['H/A'], from: 0, to: t + 1, limit: 100_000 } as never);
    if (!result.ok) throw new Error(result.error.message);
    const values = (result.value.frames[0]!.fields.value as Array<number | null>).filter((v) => v !== null);
    // What was written before the disk filled, and what came after it had space again.
    expect(values.slice(0, 100)).toEqual(squares(0, 100));
    expect(values.slice(-10)).toEqual(squares(90_000, 10));
  }, 60_000);

  it('starts on a full disk without its file (it cannot be made yet), holds samples, and opens and writes them when space returns', async (context) => {
    if (!disk) return context.skip();
    await disk.fill();
    const engine = new TagEngine(TAGS, clock);
    const started = await Historian.start(engine, clock, { file: join(disk.dir, 'history.sqlite'), batchMs: 20, maxPendingSamples: 10_000 });
    if (!started.ok) throw new Error(started.error.message);
    const historian = started.value;
    cleanup.push(
      () => engine.dispose(),
      () => historian.close(),
    );
    expect(historian.health.status()).toMatchObject({ state: 'failing', reason: 'disk-full' });
    expect(historian.health.status().error).toContain('cannot create history.sqlite');
    feed(engine, 0, 50);
    await historian.flush();
    expect(historian.health.status().waiting).toBeGreaterThan(0);
    const recovered = next(historian.health, (s) => s.state === 'ok');
    await disk.free();
    // The worker tries to open again at most once a second, on the next batches.
    const ticker = setInterval(() => feed(engine, 500, 1), 100);
    try {
      await recovered;
    } finally {
      clearInterval(ticker);
    }
    await historian.flush();
    const result = await historian.query({ kind: 'raw', tags: ['H/A'], from: 0, to: t + 1, limit: 100_000 } as never);
    if (!result.ok) throw new Error(result.error.message);
    expect((result.value.frames[0]!.fields.value as Array<number | null>).filter((v) => v !== null).slice(0, 50)).toEqual(squares(0, 50));
  }, 60_000);
});
