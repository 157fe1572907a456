import type Database from 'better-sqlite3';
import type { StoreName } from '../../../common/stores.ts';

/**
 * One step of a store's schema. Version 1 is the schema as it was before stores had versions (its DDL
 * says IF NOT EXISTS, so a file of that time is adopted as version 1 as it is); each later change is
 * the next number, never an edit of an earlier step.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/** What `openStore` needs to know about a store. */
export interface StoreSpec {
  store: StoreName;
  /** The SQLite file, in the data folder. */
  file: string;
  /** Numbered 1, 2, 3... in order; the last one is the version this code writes. */
  migrations: readonly Migration[];
  /** What the file holds, for the refusal when it vanished: "the user accounts, roles and API tokens". */
  holds: string;
  /** What starting with an empty one would do, when that is worse than losing what it holds. */
  emptyMeans?: string;
  /** Default NORMAL (WAL: a commit is durable at the next checkpoint; power loss can only roll back). */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a write waits for another connection's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Only a new file takes it (it must be set before the first table). */
  autoVacuum?: 'INCREMENTAL';
  /** Page cache in KiB (SQLite's default is 2 MiB). */
  cacheSizeKiB?: number;
  /** Open an existing file only, never create one (command-line tools). */
  mustExist?: boolean;
  /**
   * A store that grows to gigabytes (the history): at open, quick_check only these tables (seconds per
   * GB otherwise); its owner runs `checkStore` for the whole file right after, off the serving thread.
   */
  checkAtOpen?: readonly string[];
}

export interface OpenedStore {
  db: Database.Database;
  /** The schema version the file has now: the latest this code knows. */
  version: number;
  /** The file was created by this open. */
  created: boolean;
  /** The version an existing file had before this open migrated it (0: written before stores had versions). */
  migratedFrom?: number;
  /**
   * False when the disk was too full for SQLite's shared-memory index at open: the store then runs in
   * exclusive locking mode (other processes, e.g. `npm run audit:verify`, cannot read it until the next
   * start). Everything else works as usual.
   */
  shared: boolean;
}
