import type { DataValue } from '../../common/data-value.ts';
import type { Driver, DriverChange, DriverItem, StatusChange } from '../../drivers/api.ts';

const DEFAULT_WAIT_MS = 5000;

/**
 * Follows one driver: its status changes and value batches. `until` re-checks a condition on every
 * event, so tests wait on events (bounded), never on sleeps.
 */
export class DriverWatch {
  readonly statuses: StatusChange[] = [];
  readonly batches: { at: number; changes: readonly DriverChange[] }[] = [];
  readonly latest = new Map<number, DataValue>();
  readonly #waiters = new Set<() => void>();
  readonly #disposables: { dispose(): void }[] = [];

  readonly driver: Driver;

  constructor(driver: Driver, items: readonly DriverItem[]) {
    this.driver = driver;
    this.#disposables.push(
      driver.onDidChangeStatus((change) => {
        this.statuses.push(change);
        this.#notify();
      }),
    );
    this.#disposables.push(
      driver.subscribe(items, (changes) => {
        this.batches.push({ at: performance.now(), changes });
        for (const change of changes) this.latest.set(change.handle, change.value);
        this.#notify();
      }),
    );
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Resolves when `check` holds (checked now and after every event); rejects after `ms`. */
  until(check: () => boolean, what: string, ms = DEFAULT_WAIT_MS): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (!check()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${what} within ${ms} ms (status ${this.driver.status}, ${this.batches.length} batches)`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  untilStatus(status: StatusChange['status'], ms = DEFAULT_WAIT_MS): Promise<void> {
    return this.until(() => this.driver.status === status, `status ${status}`, ms);
  }

  /** Waits for the next batch after now. */
  nextBatch(ms = DEFAULT_WAIT_MS): Promise<ReadonlyMap<number, DataValue>> {
    const seen = this.batches.length;
    return this.until(() => this.batches.length > seen, 'batch of changes', ms).then(() => new Map(this.batches[seen]!.changes.map((c) => [c.handle, c.value])));
  }

  value(handle: number): unknown {
    return this.latest.get(handle)?.value;
  }

  quality(handle: number): string | undefined {
    return this.latest.get(handle)?.quality;
  }

  dispose(): void {
    for (const d of this.#disposables.splice(0)) d.dispose();
    this.driver.dispose();
  }
}
