import type { StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { MesStore } from './mes-store.ts';

/** Why the MES cancelled an order: a revision in state Cancelled, or the order gone from its snapshot. */
export type CancelCause = { connector: string; source: 'message' | 'disappeared'; detail: string };

/**
 * The one way an order is cancelled from the MES, whatever said so (`Inbox.cancelOrder`): called
 * inside the transaction that received it, with the order as stored (its new revision already
 * saved when a message carried one). The line's handling of a Running or Held order (hold, final
 * partial, supervisor decision) attaches here.
 */
export type CancelHandler = (stored: StoredWorkOrder, cause: CancelCause, at: number) => void;

/** Today's handling: the order is Cancelled at once, whatever its state; its progress is kept. */
export function cancelAtOnce(store: MesStore): CancelHandler {
  return (stored, _cause, at) => store.saveProgress(stored.key, 'Cancelled', stored.progress, at);
}
