import { Emitter, type Disposable } from '../../../common/emitter.ts';
import { STORE_NAMES, type StoreStatus } from '../../../common/stores.ts';

/** Where a store's health can be read and followed (StoreHealth, or the historian's bridge). */
export interface StoreHealthSource {
  status(): StoreStatus;
  onDidChange(listener: (status: StoreStatus) => void): Disposable;
}

/**
 * Every store's health in one place, for the gateway's `stores.*` contract, /healthz and the banner.
 * The stores own their health; the board only listens.
 */
export class StoreBoard implements Disposable {
  private readonly sources: StoreHealthSource[] = [];
  private readonly listeners: Disposable[] = [];
  private readonly emitter = new Emitter<StoreStatus>();
  readonly onDidChange = this.emitter.event;

  add(source: StoreHealthSource): void {
    this.sources.push(source);
    this.listeners.push(source.onDidChange((status) => this.emitter.fire(status)));
  }

  list(): StoreStatus[] {
    return this.sources.map((s) => s.status()).sort((a, b) => STORE_NAMES.indexOf(a.store) - STORE_NAMES.indexOf(b.store));
  }

  failing(): StoreStatus[] {
    return this.list().filter((s) => s.state === 'failing');
  }

  dispose(): void {
    for (const l of this.listeners.splice(0)) l.dispose();
    this.emitter.dispose();
  }
}
