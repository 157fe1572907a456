import { storeRefusal, type StoreFailure, type StoreName } from '../../../common/stores.ts';
import type { Problem } from '../../../common/result.ts';

/** Why a write failed, from better-sqlite3's SqliteError code or a Node file-system error code. */
export function storeFailureOf(error: unknown): StoreFailure {
  const code = typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code ?? '') : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code.startsWith('SQLITE_IOERR_SHM')) return 'disk-full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read-only';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO') return 'io-error';
  return 'other';
}

/** Whether an error is a store failing (as opposed to a bug): the caller gets a refusal, not "internal". */
export function isStoreError(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  return storeFailureOf(error) !== 'other';
}

/**
 * A write refused because its store cannot be written right now. The message is what the caller
 * reads: "audit trail cannot be written: disk full".
 */
export class StoreUnavailableError extends Error {
  readonly store: StoreName;
  readonly reason: StoreFailure;
  readonly detail: string;

  constructor(store: StoreName, reason: StoreFailure, detail: string) {
    super(storeRefusal(store, reason));
    this.name = 'StoreUnavailableError';
    this.store = store;
    this.reason = reason;
    this.detail = detail;
  }

  problem(): Problem {
    return { code: 'unavailable', message: this.message };
  }
}

/**
 * The refusal a caller gets when a handler failed on a store: a StoreUnavailableError as it is, a raw
 * SQLite or file-system failure (a store not wrapped) with its reason; undefined for anything else.
 */
export function storeProblemOf(error: unknown, what: string): Problem | undefined {
  if (error instanceof StoreUnavailableError) return error.problem();
  const reason = storeFailureOf(error);
  if (reason === 'other') return undefined;
  return { code: 'unavailable', message: `${what} refused: storage cannot be written (${(error as Error).message})` };
}

/**
 * A store that refused to open (missing with its marker, empty, damaged, newer, or not creatable).
 * Its message is the whole story (file, reason, how to restore): the runtime shows it as it is.
 */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** The message for a store that did not open: the store helper's own (it names the file) or `context: error`. */
export function openFailureMessage(error: unknown, context: string): string {
  return error instanceof StoreOpenError ? error.message : `${context}: ${(error as Error).message}`;
}
