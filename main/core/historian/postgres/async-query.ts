import type { ParsedHistoryQuery } from '../../../../common/history.ts';
import type { Result } from '../../../../common/result.ts';
import { runQuery, type FrameData, type QueryTag } from '../queries.ts';
import type { HistoryStorage } from '../storage.ts';

type ReadMethods = 'readRaw' | 'pointBefore' | 'pointAtOrAfter' | 'readRollups' | 'loadRollup';

/**
 * The read side of HistoryStorage, asynchronous: a backend across the network (PostgreSQL) answers with
 * promises. The SQLite store stays synchronous in its worker; `asAsync` wraps it where both are used.
 */
export type AsyncHistoryStorage = { [K in ReadMethods]: (...args: Parameters<HistoryStorage[K]>) => Promise<ReturnType<HistoryStorage[K]>> };

export function asAsync(storage: Pick<HistoryStorage, ReadMethods>): AsyncHistoryStorage {
  return {
    readRaw: async (...a) => storage.readRaw(...a),
    pointBefore: async (...a) => storage.pointBefore(...a),
    pointAtOrAfter: async (...a) => storage.pointAtOrAfter(...a),
    readRollups: async (...a) => storage.readRollups(...a),
    loadRollup: async (...a) => storage.loadRollup(...a),
  };
}

/** Thrown by the synchronous view when it has not read something yet. */
class NotRead {
  readonly key: string;
  readonly read: () => Promise<unknown>;
  constructor(key: string, read: () => Promise<unknown>) {
    this.key = key;
    this.read = read;
  }
}

/** runQuery asks for at most five reads (range, two neighbours, the live tail's two). */
const MAX_ROUNDS = 8;

/**
 * The same query code as the SQLite historian (queries.ts: gaps, rollups, plot buckets, the live tail),
 * over an asynchronous backend: the query runs against a synchronous view of what has been read so far;
 * a read it needs and does not have yet stops it, is made, and the query runs again. Each read is made
 * once, so the answers are exactly the ones the synchronous code would get.
 */
export async function runQueryAsync(storage: AsyncHistoryStorage, query: ParsedHistoryQuery, tag: QueryTag, now = Number.POSITIVE_INFINITY): Promise<Result<FrameData>> {
  const read = new Map<string, unknown>();
  const need = <T>(key: string, fetch: () => Promise<T>): T => {
    if (read.has(key)) return read.get(key) as T;
    throw new NotRead(key, fetch);
  };
  const view: Pick<HistoryStorage, ReadMethods> = {
    readRaw: (id, from, to, limit) => need(`raw ${id} ${from} ${to} ${limit}`, () => storage.readRaw(id, from, to, limit)),
    pointBefore: (id, t) => need(`before ${id} ${t}`, () => storage.pointBefore(id, t)),
    pointAtOrAfter: (id, t) => need(`after ${id} ${t}`, () => storage.pointAtOrAfter(id, t)),
    readRollups: (level, id, from, to) => need(`rollups ${level} ${id} ${from} ${to}`, () => storage.readRollups(level, id, from, to)),
    loadRollup: (level, id, bucket) => need(`rollup ${level} ${id} ${bucket}`, () => storage.loadRollup(level, id, bucket)),
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      return runQuery(view as HistoryStorage, query, tag, now);
    } catch (error) {
      if (!(error instanceof NotRead)) throw error;
      read.set(error.key, await error.read());
    }
  }
  throw new Error(`history query for ${tag.path} needed more than ${MAX_ROUNDS} reads`);
}
