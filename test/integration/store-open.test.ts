import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MARKER_SUFFIX, openStore, probeWrite } from '../../main/core/storage/open-store.ts';
import { storeFailureOf } from '../../main/core/storage/store-errors.ts';
import { StoreHealth } from '../../main/core/storage/store-health.ts';
import type { Migration, StoreSpec } from '../../main/core/storage/store-spec.ts';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.ts';

const root = mkdtempSync(join(tmpdir(), 'lineside-store-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

const V1 = 'CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)';
const MIGRATIONS: Migration[] = [
  { version: 1, description: 'items', up: (db) => db.exec(V1) },
  { version: 2, description: 'item colour', up: (db) => db.exec("ALTER TABLE items ADD COLUMN colour TEXT NOT NULL DEFAULT 'grey'") },
  { version: 3, description: 'notes', up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)') },
];

function spec(overrides: Partial<StoreSpec> = {}): StoreSpec {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  return { store: 'reports', file: join(dir, 'things.sqlite'), migrations: MIGRATIONS, holds: 'the things', emptyMeans: 'the things would be gone', ...overrides };
}

function opened(s: StoreSpec) {
  const result = openStore(s);
  if (!result.ok) throw new Error(result.error.message);
  open.push(result.value.db);
  return result.value;
}

function refusal(s: StoreSpec): string {
  const result = openStore(s);
  if (result.ok) {
    result.value.db.close();
    throw new Error('the store opened; a refusal was expected');
  }
  return result.error.message;
}

/** A file as a version of the code before schema versions wrote it: version 1's DDL, user_version 0. */
function legacyFile(file: string, rows: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(V1);
  const insert = db.prepare('INSERT INTO items (name) VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run(`item ${i} ${'x'.repeat(200)}`);
  db.close();
}

describe('openStore: one way to open every SQLite store', () => {
  it('creates a new store at the latest version under a temporary name, renames it into place and marks it', () => {
    const s = spec();
    const store = opened(s);
    expect(store).toMatchObject({ version: 3, created: true, shared: true });
    expect(store.db.pragma('user_version', { simple: true })).toBe(3);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const marker = JSON.parse(readFileSync(s.file + MARKER_SUFFIX, 'utf8')) as { store: string; createdAt: string };
    expect(marker.store).toBe('things.sqlite');
    expect(Number.isNaN(Date.parse(marker.createdAt))).toBe(false);
    expect(readdirSync(join(s.file, '..')).filter((f) => f.includes('.new'))).toEqual([]);
  });

  it('adopts a file from before versions as version 1 and migrates it one step at a time, keeping its rows', () => {
    const s = spec();
    legacyFile(s.file, 3);
    const store = opened(s);
    expect(store).toMatchObject({ version: 3, created: false, migratedFrom: 0 });
    expect(store.db.prepare('SELECT name, colour FROM items ORDER BY id').all()).toHaveLength(3);
    expect(store.db.prepare('SELECT colour FROM items').pluck().all()).toEqual(['grey', 'grey', 'grey']);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toBeDefined();
    // Made before markers: marked now, so its vanishing is noticed from here on.
    expect(existsSync(s.file + MARKER_SUFFIX)).toBe(true);
  });

  it('stops at the last good step when a migration fails, and refuses naming the step', () => {
    const s = spec({ migrations: [...MIGRATIONS.slice(0, 2), { version: 3, description: 'notes', up: (db) => db.exec('CREATE TABLE items (id INTEGER)') }] });
    legacyFile(s.file, 1);
    const message = refusal(s);
    expect(message).toContain('cannot migrate (from version 0 to 3) things.sqlite');
    expect(message).toContain('migration 3 (notes)');
    const check = new Database(s.file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('refuses a file newer than the code, naming both versions', () => {
    const s = spec({ migrations: MIGRATIONS.slice(0, 2) });
    opened(spec({ file: s.file }));
    open.pop()!.close();
    const message = refusal(s);
    expect(message).toMatch(/^things\.sqlite in the data folder .* has schema version 3, but this Lineside knows versions up to 2: a later version of Lineside wrote it\./);
  });

  it('refuses a store that vanished after it was created, naming the file and how to restore it; without its marker it is created', () => {
    const s = spec();
    opened(s);
    open.pop()!.close();
    rmSync(s.file);
    const message = refusal(s);
    expect(message).toContain('things.sqlite is missing from the data folder');
    expect(message).toContain('It holds the things; Lineside will not start with an empty one in its place (the things would be gone).');
    expect(message).toContain('copy things.sqlite back from a backup');
    expect(message).toContain('delete things.sqlite.created as well');
    expect(existsSync(s.file)).toBe(false);
    rmSync(s.file + MARKER_SUFFIX);
    expect(opened(s).created).toBe(true);
  });

  it('refuses an empty (0-byte) store, marked or not: it is never silently recreated', () => {
    const s = spec();
    opened(s);
    open.pop()!.close();
    truncateSync(s.file, 0);
    expect(refusal(s)).toContain('things.sqlite in the data folder');
    rmSync(s.file + MARKER_SUFFIX);
    const message = refusal(s);
    expect(message).toContain('is empty (0 bytes): it was emptied or cut off');
    expect(statSync(s.file).size).toBe(0);
  });

  it('refuses a damaged store: a file that is no database, and one cut short (quick_check)', () => {
    const garbage = spec();
    writeFileSync(garbage.file, Buffer.alloc(8192, 0x41));
    expect(refusal(garbage)).toMatch(/^things\.sqlite in the data folder .* is damaged \(file is not a database\)/);

    const cut = spec();
    legacyFile(cut.file, 400);
    opened(cut);
    open.pop()!.close();
    truncateSync(cut.file, Math.floor(statSync(cut.file).size / 2));
    const message = refusal(cut);
    expect(message).toContain('is damaged (');
    expect(message).toContain('Lineside will neither open nor replace it');
    expect(message).toContain('".recover"');
  });

  it('refuses a store whose page was overwritten inside, found by quick_check on open', () => {
    const s = spec();
    legacyFile(s.file, 400);
    opened(s);
    open.pop()!.close();
    // Page 3 onwards hold the table's b-tree: scribble over a page in the middle.
    const fd = openSync(s.file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x7f), 0, 4096, 4096 * 5);
    closeSync(fd);
    expect(refusal(s)).toMatch(/is damaged \((quick_check: |database disk image is malformed)/);
  });
});

describe('openStore on a full disk', () => {
  let disk: SmallDisk | undefined;
  let why = '';
  afterEach(async () => {
    for (const db of open.splice(0)) if (db.open) db.close();
    await disk?.dispose();
    disk = undefined;
  });

  it('opens an existing store with no room for WAL shared memory (exclusive mode), fails writes as disk full, and writes again once space returns — or, where mount is impossible, the same writes under SQLite max_page_count', async () => {
    const mounted = await mountSmallDisk(4);
    disk = mounted.disk;
    if (!mounted.disk) why = mounted.why;
    if (disk) {
      const s = spec({ file: join(disk.dir, 'things.sqlite') });
      legacyFile(s.file, 10);
      opened(s);
      open.pop()!.close();
      await disk.fill();
      const store = opened(s);
      expect(store.shared).toBe(false);
      expect(store.db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(10);
      const insert = () => store.db.prepare('INSERT INTO items (name) VALUES (?)').run('x'.repeat(5000));
      let failure: unknown;
      try {
        for (let i = 0; i < 50; i++) insert();
      } catch (error) {
        failure = error;
      }
      expect(storeFailureOf(failure)).toBe('disk-full');
      expect(() => probeWrite(store.db)).toThrow(/disk is full/);
      await disk.free();
      probeWrite(store.db);
      insert();
    } else {
      console.log(`store-open: ${why}; testing the write path under SQLite's max_page_count instead`);
      const s = spec();
      legacyFile(s.file, 10);
      const store = opened(s);
      store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
      let failure: unknown;
      try {
        for (let i = 0; i < 50; i++) store.db.prepare('INSERT INTO items (name) VALUES (?)').run('x'.repeat(5000));
      } catch (error) {
        failure = error;
      }
      expect(storeFailureOf(failure)).toBe('disk-full');
      store.db.pragma('max_page_count = 1073741823');
      probeWrite(store.db);
    }
  });

  it('refuses to create a new store on a full disk, saying the disk is full, and leaves no half-made file', async () => {
    const mounted = await mountSmallDisk(4);
    disk = mounted.disk;
    if (!disk) return console.log(`store-open: ${(mounted as { why: string }).why}; creating on a full disk needs a real full disk, skipped`);
    await disk.fill();
    const s = spec({ file: join(disk.dir, 'things.sqlite') });
    const result = openStore(s);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'unavailable', failure: 'disk-full' });
    expect(result.error.message).toContain('The disk is full: free some space and start again.');
    expect(readdirSync(disk.dir).filter((f) => f !== 'ballast')).toEqual([]);
  });
});

describe('StoreHealth', () => {
  it('goes failing on a failed write with the reason, retries until the store takes writes, then reports ok', async () => {
    const health = new StoreHealth('alarms', '/data/alarms.sqlite', { retryMs: 20 });
    const seen: string[] = [];
    health.onDidChange((s) => seen.push(`${s.state}:${s.reason ?? ''}:${s.waiting}`));
    let full = true;
    health.setRetry(() => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    const refusal = health.failed(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    expect(refusal.message).toBe('alarm journal cannot be written: disk full');
    expect(refusal.problem()).toEqual({ code: 'unavailable', message: 'alarm journal cannot be written: disk full' });
    health.held(12, 0);
    expect(health.status()).toMatchObject({ store: 'alarms', file: 'alarms.sqlite', state: 'failing', reason: 'disk-full', error: 'database or disk is full', waiting: 12 });
    const recovered = new Promise<void>((resolve) => health.onDidChange((s) => s.state === 'ok' && resolve()));
    full = false;
    await recovered;
    health.dispose();
    expect(seen).toEqual(['failing:disk-full:0', 'failing:disk-full:12', 'ok::12']);
  });
});
