import { sameValue, type DataValue } from '../common/data-value.ts';
import type { DriverChange } from './api.ts';

/** What a polling driver keeps per subscription to send only what changed. */
export interface ChangeSubscription {
  readonly listener: (changes: readonly DriverChange[]) => void;
  /** The value each handle was last sent; cleared to send everything again (after a reconnect). */
  readonly last: Map<number, DataValue>;
}

/**
 * Report by exception for drivers that poll: `read` offers each subscription's current values, and
 * each subscription gets one batch of those whose value or quality differs from what it last got.
 * One failing listener does not starve the others; the first error is thrown after all were called.
 */
export function deliverChanges<S extends ChangeSubscription>(subscriptions: Iterable<S>, read: (subscription: S, offer: (handle: number, value: DataValue) => void) => void): void {
  let failure: unknown;
  for (const subscription of subscriptions) {
    const changes: DriverChange[] = [];
    read(subscription, (handle, value) => {
      const last = subscription.last.get(handle);
      if (last && sameValue(last.value, value.value) && last.quality === value.quality) return;
      subscription.last.set(handle, value);
      changes.push({ handle, value });
    });
    if (changes.length === 0) continue;
    try {
      subscription.listener(changes);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}
