import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { fail, ok, type Problem, type Result } from '../../../common/result.ts';
import type { StoreFailure } from '../../../common/stores.ts';
import { storeFailureOf } from './store-errors.ts';
import { cannotMessage, damagedMessage, emptyMessage, missingMessage, newerMessage } from './store-messages.ts';
import type { Migration, OpenedStore, StoreSpec } from './store-spec.ts';

/** Written next to a store when it is first created: its vanishing is then noticed, not papered over. */
export const MARKER_SUFFIX = '.created';

/**
 * The one way every SQLite store of the runtime is opened:
 * - a missing file is created (through a temporary file renamed into place, so a 0-byte store is
 *   never a half-made one) and marked with `<file>.created`; a missing file whose marker exists, an
 *   empty file, or a damaged one refuses to open with a message naming the file and how to restore it;
 * - `PRAGMA quick_check` on every open;
 * - `PRAGMA user_version` is the schema version: a newer file than this code refuses, an older one is
 *   migrated one numbered step at a time, each step in its own transaction;
 * - WAL, the store's synchronous level, a busy timeout; where the disk is too full for WAL's shared
 *   memory, exclusive locking instead, so a station still starts on a full disk.
 */
/** Why a store did not open; `failure` when it could not be written or read (disk full...), not refused. */
export type OpenProblem = Problem & { failure?: StoreFailure };

export function openStore(spec: StoreSpec): Result<OpenedStore, OpenProblem> {
  checkMigrations(spec.migrations);
  const size = fileSize(spec.file);
  const marker = readMarker(spec.file);
  let created = false;
  if (size === undefined) {
    if (marker !== undefined) return fail('config-error', missingMessage(spec, marker), basename(spec.file));
    if (spec.mustExist) return fail('not-found', `no ${basename(spec.file)} in ${dirname(spec.file)}`, basename(spec.file));
    const made = createStore(spec);
    if (!made.ok) return made;
    created = true;
  } else if (size === 0) {
    return fail('config-error', emptyMessage(spec), basename(spec.file));
  } else {
    const cut = cutShort(spec.file, size);
    if (cut) return fail('config-error', damagedMessage(spec, cut), basename(spec.file));
  }
  const opened = openExisting(spec);
  if (!opened.ok) return opened;
  const { db, version, shared } = opened.value;
  const latest = spec.migrations.length;
  if (version > latest) {
    db.close();
    return fail('config-error', newerMessage(spec, version, latest), basename(spec.file));
  }
  if (version < latest) {
    const migrated = migrate(db, spec.migrations, version);
    if (!migrated.ok) {
      db.close();
      return cannot(spec, `migrate (from version ${version} to ${latest})`, migrated.error);
    }
  }
  // A file opened for the first time by a version that marks stores (it was made before markers).
  if (marker === undefined && !created) writeMarker(spec.file);
  return ok({ db, version: latest, created, ...(version < latest && !created ? { migratedFrom: version } : {}), shared });
}

/** The whole file's quick_check, for a store opened with `checkAtOpen` (run it off the serving thread). */
export function checkStore(spec: StoreSpec, db: Database.Database): Result<void, OpenProblem> {
  try {
    return quickCheck(spec, db, undefined);
  } catch (error) {
    return fail('config-error', damagedMessage(spec, (error as Error).message), basename(spec.file));
  }
}

/** PRAGMA quick_check of the whole file, or of some tables (with their indexes); a refusal naming the file when it finds anything. */
function quickCheck(spec: StoreSpec, db: Database.Database, tables: readonly string[] | undefined): Result<void, OpenProblem> {
  const run = (what: string) => (db.pragma(what) as Array<{ quick_check: string }>).map((r) => r.quick_check);
  const problems = (tables ? tables.filter((t) => /^\w+$/.test(t)).map((t) => `quick_check(${t})`) : ['quick_check(5)']).flatMap(run).filter((p) => p !== 'ok');
  return problems.length === 0 ? ok(undefined) : fail('config-error', damagedMessage(spec, `quick_check: ${problems.slice(0, 5).join('; ')}`), basename(spec.file));
}

/** A cheap real write (the header page, to the WAL): fails exactly when the store cannot be written. */
export function probeWrite(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.pragma(`user_version = ${version}`);
}

function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i + 1} is numbered ${m.version}: migrations are numbered 1, 2, 3... in order`);
  });
  if (migrations.length === 0) throw new Error('a store needs at least migration 1 (its first schema)');
}

function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/**
 * A file shorter than its header says (cut off by a copy, a tool or a disk), found before SQLite reads
 * it. Only with no write-ahead log beside it: a checkpoint interrupted by a crash may have written the
 * new header before the pages, and the log still holds them.
 */
function cutShort(file: string, size: number): string | undefined {
  if ((fileSize(`${file}-wal`) ?? 0) > 0) return undefined;
  const header = Buffer.alloc(100);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (readSync(fd, header, 0, 100, 0) < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  return pages > 0 && size < pages * pageSize ? `the file is cut short: ${size} bytes of the ${pages * pageSize} its header gives` : undefined;
}

function readMarker(file: string): string | undefined {
  const marker = file + MARKER_SUFFIX;
  if (!existsSync(marker)) return undefined;
  try {
    const at = (JSON.parse(readFileSync(marker, 'utf8')) as { createdAt?: unknown }).createdAt;
    return typeof at === 'string' ? `on ${at}` : 'at some time';
  } catch {
    return 'at some time';
  }
}

function writeMarker(file: string): void {
  try {
    writeFileSync(file + MARKER_SUFFIX, `${JSON.stringify({ store: basename(file), createdAt: new Date().toISOString() })}\n`);
  } catch {
    // A full disk: the next start writes it. Until then a vanished file is only caught when it is emptied.
  }
}

/** A new store: made under a temporary name and renamed into place once its schema is committed. */
function createStore(spec: StoreSpec): Result<void, OpenProblem> {
  const temp = `${spec.file}.new`;
  const removeTemp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true });
  };
  removeTemp();
  let db: Database.Database | undefined;
  try {
    db = new Database(temp);
    if (spec.autoVacuum) db.pragma(`auto_vacuum = ${spec.autoVacuum}`);
    db.pragma('journal_mode = WAL');
    const migrated = migrate(db, spec.migrations, 0);
    if (!migrated.ok) throw migrated.error;
    db.close();
    if (existsSync(`${temp}-wal`)) throw new Error('its write-ahead log could not be written back into it');
    renameSync(temp, spec.file);
    syncFolder(dirname(spec.file));
  } catch (error) {
    if (db?.open) db.close();
    removeTemp();
    return cannot(spec, 'create', error);
  }
  writeMarker(spec.file);
  return ok(undefined);
}

/** The rename is on disk before the marker is written: a power cut never leaves a marker without its file. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; NTFS journals the rename.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function openExisting(spec: StoreSpec): Result<{ db: Database.Database; version: number; shared: boolean }, OpenProblem> {
  const timeout = spec.busyTimeoutMs ?? 5000;
  let db: Database.Database | undefined;
  let version: number;
  let shared = true;
  try {
    db = new Database(spec.file, { timeout, fileMustExist: true });
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if (db?.open) db.close();
    if (storeFailureOf(error) === 'corrupt') return fail('config-error', damagedMessage(spec, (error as Error).message), basename(spec.file));
    if (storeFailureOf(error) !== 'disk-full') return cannot(spec, 'open', error);
    // No room for WAL's shared-memory file: one connection with the index in its own memory instead.
    try {
      db = new Database(spec.file, { timeout, fileMustExist: true });
      db.pragma('locking_mode = EXCLUSIVE');
      version = db.pragma('user_version', { simple: true }) as number;
      shared = false;
    } catch (again) {
      if (db?.open) db.close();
      return cannot(spec, 'open', again);
    }
  }
  try {
    const checked = quickCheck(spec, db, spec.checkAtOpen);
    if (!checked.ok) {
      db.close();
      return checked;
    }
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${spec.synchronous ?? 'NORMAL'}`);
    if (spec.cacheSizeKiB !== undefined) db.pragma(`cache_size = -${spec.cacheSizeKiB}`);
  } catch (error) {
    db.close();
    if (storeFailureOf(error) === 'corrupt') return fail('config-error', damagedMessage(spec, (error as Error).message), basename(spec.file));
    return cannot(spec, 'open', error);
  }
  return ok({ db, version, shared });
}

/**
 * A store that cannot be opened, created or migrated right now (disk full, locked, I/O error): code
 * 'unavailable' (the historian tries again later; other stores refuse to start with this message).
 */
function cannot(spec: StoreSpec, doing: string, error: unknown): Result<never, OpenProblem> {
  const failure = storeFailureOf(error);
  const message = cannotMessage(spec, doing, (error as Error).message, failure === 'disk-full');
  return { ok: false, error: { code: failure === 'other' ? 'config-error' : 'unavailable', message, path: basename(spec.file), failure } };
}

/** Runs the migrations after `from`, each with its version number in one transaction. */
function migrate(db: Database.Database, migrations: readonly Migration[], from: number): Result<void, Error> {
  for (const m of migrations.slice(from)) {
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (error) {
      return { ok: false, error: Object.assign(new Error(`migration ${m.version} (${m.description}): ${(error as Error).message}`), { code: (error as { code?: unknown }).code }) };
    }
  }
  return ok(undefined);
}
