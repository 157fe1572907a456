import { statfsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { StoreName, StoreStatus } from '../../../common/stores.ts';
import { StoreUnavailableError, isStoreError, storeFailureOf } from './store-errors.ts';

export interface StoreHealthOptions {
  /** How often a failing store tries again (its held writes, or a probe). Default 1000 ms. */
  retryMs?: number;
  now?: () => number;
}

/**
 * A store that failed for a full disk is tried again only once the file system has this much free:
 * before that a small probe may still fit into space SQLite reuses (its write-ahead log), while the
 * next real write does not, and the store would flap between ok and failing.
 */
export const MIN_FREE_BYTES = 1 << 20;

function freeBytes(dir: string): number {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * One store's health: ok, or failing with the reason (disk full, read-only...). A store reports each
 * failed and each successful write here; while failing, `retry` (its held writes, or a probe write) runs
 * every `retryMs` until it succeeds, so a store recovers by itself when space returns.
 */
export class StoreHealth implements Disposable {
  readonly store: StoreName;
  private readonly emitter = new Emitter<StoreStatus>();
  readonly onDidChange = this.emitter.event;
  private current: StoreStatus;
  private readonly retryMs: number;
  private readonly now: () => number;
  private retry: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;
  private readonly dir: string;

  constructor(store: StoreName, file: string, options: StoreHealthOptions = {}) {
    this.store = store;
    this.dir = dirname(file);
    this.retryMs = options.retryMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.current = { store, file: basename(file), state: 'ok', reason: null, error: null, since: null, waiting: 0, dropped: 0 };
  }

  status(): StoreStatus {
    return { ...this.current };
  }

  get failing(): boolean {
    return this.current.state === 'failing';
  }

  /** What to try while failing; a throw means still failing. Without it, the store only recovers on its next own write. */
  setRetry(retry: () => void): void {
    this.retry = retry;
  }

  /** Failing for a full disk, and the disk is still (nearly) full: trying a write is pointless, the answer is known. */
  stillFull(): boolean {
    return this.current.state === 'failing' && this.current.reason === 'disk-full' && freeBytes(this.dir) < MIN_FREE_BYTES;
  }

  /** The refusal while failing (for a caller asking before it acts). */
  refusal(): StoreUnavailableError {
    return new StoreUnavailableError(this.store, this.current.reason ?? 'other', this.current.error ?? '');
  }

  /** Runs a write of the store: a success keeps (or makes) it ok; a store failure (disk full...) makes it failing and is thrown as the refusal. */
  run<T>(work: () => T): T {
    try {
      const result = work();
      this.succeeded();
      return result;
    } catch (error) {
      throw isStoreError(error) ? this.failed(error) : error;
    }
  }

  /** A write failed: the store is failing now. Returns the refusal for the caller. */
  failed(error: unknown): StoreUnavailableError {
    const reason = error instanceof StoreUnavailableError ? error.reason : storeFailureOf(error);
    const detail = error instanceof StoreUnavailableError ? error.detail : error instanceof Error ? error.message : String(error);
    const c = this.current;
    if (c.state !== 'failing' || c.reason !== reason || c.error !== detail) {
      this.set({ state: 'failing', reason, error: detail, since: c.state === 'failing' ? c.since : this.now() });
    }
    if (this.retry && !this.timer && !this.disposed) this.timer = setInterval(() => this.tryAgain(), this.retryMs);
    return new StoreUnavailableError(this.store, reason, detail);
  }

  /** A write went through. */
  succeeded(): void {
    if (this.current.state === 'ok') return;
    this.stopRetrying();
    this.set({ state: 'ok', reason: null, error: null, since: null });
  }

  /** What the store holds for a retry, and what it gave up since start. */
  held(waiting: number, dropped: number): void {
    if (waiting === this.current.waiting && dropped === this.current.dropped) return;
    this.set({ waiting, dropped });
  }

  dispose(): void {
    this.disposed = true;
    this.stopRetrying();
    this.emitter.dispose();
  }

  private tryAgain(): void {
    if (this.stillFull()) return;
    try {
      this.retry?.();
    } catch (error) {
      this.failed(error);
      return;
    }
    this.succeeded();
  }

  private stopRetrying(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private set(change: Partial<StoreStatus>): void {
    this.current = { ...this.current, ...change };
    this.emitter.fire(this.status());
  }
}
