import { z } from 'zod';

/**
 * The runtime's SQLite stores, one file each in the data folder. Their health is part of the contract:
 * a store that cannot be written (disk full, read-only file, I/O error) is shown in a banner and on
 * /healthz while everything else keeps running.
 */
export const STORE_NAMES = ['historian', 'alarms', 'audit', 'mes', 'reports', 'users', 'notify', 'tags', 'maintenance'] as const;
export const StoreNameSchema = z.enum(STORE_NAMES);
export type StoreName = z.infer<typeof StoreNameSchema>;

/** Why a store cannot be written, from SQLite's or the file system's error. */
export const STORE_FAILURES = ['disk-full', 'read-only', 'io-error', 'locked', 'corrupt', 'other'] as const;
export const StoreFailureSchema = z.enum(STORE_FAILURES);
export type StoreFailure = z.infer<typeof StoreFailureSchema>;

export const StoreStatusSchema = z.object({
  store: StoreNameSchema,
  /** The file's name in the data folder, e.g. `history.sqlite`. */
  file: z.string(),
  state: z.enum(['ok', 'failing']),
  /** While failing: why, and the error as SQLite or the file system said it. */
  reason: StoreFailureSchema.nullable(),
  error: z.string().nullable(),
  /** When it started failing. */
  since: z.number().nullable(),
  /** Records or samples held in memory to be written when the store recovers (bounded). */
  waiting: z.number().int().nonnegative(),
  /** Records or samples given up since start because the bound was reached. */
  dropped: z.number().int().nonnegative(),
});
export type StoreStatus = z.infer<typeof StoreStatusSchema>;

/** How people name each store, in refusals and in the banner. */
export const STORE_TITLES: Record<StoreName, string> = {
  historian: 'history',
  alarms: 'alarm journal',
  audit: 'audit trail',
  mes: 'MES store',
  reports: 'reports store',
  users: 'user store',
  tags: 'tag store (memory tags, accumulators, rules)',
  notify: 'notification log',
  maintenance: 'maintenance store (equipment counters, log, CMMS requests)',
};

export const STORE_FAILURE_TEXT: Record<StoreFailure, string> = {
  'disk-full': 'disk full',
  'read-only': 'the file or disk is read-only',
  'io-error': 'disk I/O error',
  locked: 'the file is locked by another program',
  corrupt: 'the file is damaged',
  other: 'write failed',
};

/** "audit trail cannot be written: disk full" — the refusal every caller of a failing store gets. */
export function storeRefusal(store: StoreName, reason: StoreFailure): string {
  return `${STORE_TITLES[store]} cannot be written: ${STORE_FAILURE_TEXT[reason]}`;
}

export const storeCalls = {
  /** Every store's health, in STORE_NAMES order (only the stores this runtime has). */
  'stores.list': { params: z.strictObject({}), result: z.array(StoreStatusSchema) },
} as const;

export const storeEvents = {
  /** One store's health changed (failing, recovered, or what it holds for a retry). */
  'stores.status': StoreStatusSchema,
} as const;
