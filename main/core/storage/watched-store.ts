import type Database from 'better-sqlite3';
import { openStore, probeWrite } from './open-store.ts';
import { StoreOpenError } from './store-errors.ts';
import { StoreHealth, type StoreHealthOptions } from './store-health.ts';
import type { StoreSpec } from './store-spec.ts';

/** An opened store and its health, which tries a real write (the header page) while the store is failing. */
export interface WatchedStore {
  db: Database.Database;
  health: StoreHealth;
}

/**
 * Opens a store of the runtime the one way (`openStore`) and watches its health; a store that does not
 * open throws a StoreOpenError with the message naming the file and how to restore it.
 */
export function openWatchedStore(spec: StoreSpec, options: StoreHealthOptions = {}): WatchedStore {
  const opened = openStore(spec);
  if (!opened.ok) throw new StoreOpenError(opened.error.message);
  const db = opened.value.db;
  const health = new StoreHealth(spec.store, spec.file, options);
  health.setRetry(() => probeWrite(db));
  return { db, health };
}
