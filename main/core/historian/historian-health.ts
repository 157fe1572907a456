import { basename } from 'node:path';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { HistorianStatus } from '../../../common/history.ts';
import type { StoreStatus } from '../../../common/stores.ts';
import type { StoreHealthSource } from '../storage/store-board.ts';

/**
 * The historian's store health, derived from the status its worker reports: retrying (its writes
 * fail, samples wait in the bounded queue) is failing; a worker that stopped with an error too.
 */
export class HistorianHealth implements StoreHealthSource, Disposable {
  private readonly emitter = new Emitter<StoreStatus>();
  readonly onDidChange = this.emitter.event;
  private current: StoreStatus;
  private readonly now: () => number;

  constructor(file: string, now: () => number = Date.now) {
    this.now = now;
    this.current = { store: 'historian', file: basename(file), state: 'ok', reason: null, error: null, since: null, waiting: 0, dropped: 0 };
  }

  status(): StoreStatus {
    return { ...this.current };
  }

  update(status: HistorianStatus): void {
    const failing = status.state === 'retrying' || (status.state === 'stopped' && status.error !== undefined);
    const c = this.current;
    const next: StoreStatus = {
      ...c,
      state: failing ? 'failing' : 'ok',
      reason: failing ? (status.failure ?? 'other') : null,
      error: failing ? (status.error ?? null) : null,
      since: failing ? (c.since ?? this.now()) : null,
      waiting: status.pendingSamples,
      dropped: status.droppedSamples,
    };
    if (next.state === c.state && next.reason === c.reason && next.error === c.error && next.waiting === c.waiting && next.dropped === c.dropped) return;
    this.current = next;
    this.emitter.fire(this.status());
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
