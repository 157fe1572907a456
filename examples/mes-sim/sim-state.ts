import { bookedTotals, defaultModes, type SimModes } from './sim-modes.ts';
import type { ReceivedMessage, SimOrder } from './sim-types.ts';

export interface Faults {
  /** Not listening at all (connections refused). */
  down: boolean;
  /** The next N messages are applied, then answered with this status (500 or 502). */
  failAfterCommit: { status: 500 | 502; count: number } | undefined;
  /** Every answer waits this long. */
  slowMs: number;
  /** The next N messages are applied, then the connection is dropped without an answer. */
  dropReply: number;
  /** Orders are delivered twice (pulled twice in one reply, pushed twice). */
  duplicateOrders: boolean;
}

/**
 * What the simulated MES/ERP holds: orders (with revisions and a change sequence for since-cursors)
 * and the messages it received, each applied once per idempotency key. Tests read it to check that
 * every confirmation arrived once and in order.
 */
export class SimState {
  private readonly ordersById = new Map<string, SimOrder & { changeSeq: number }>();
  private changeSeq = 0;
  readonly received: ReceivedMessage[] = [];
  private readonly byKey = new Map<string, ReceivedMessage>();
  private readonly completionCount = new Map<string, number>();
  /** Messages that arrived again with a key already applied (answered as duplicates, not applied). */
  duplicates = 0;
  /** Completions that arrived before an earlier sequence of the same order. */
  outOfOrder = 0;
  readonly faults: Faults = { down: false, failAfterCommit: undefined, slowMs: 0, dropReply: 0, duplicateOrders: false };
  /** Snapshot schedules, planned-time forms, read-back and reversal handling (sim-modes.ts). */
  readonly modes: SimModes = defaultModes();
  /** Requests per `METHOD /path`, so tests can tell how often Lineside asked. */
  readonly requests = new Map<string, number>();

  count(method: string, path: string): void {
    const key = `${method} ${path}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  requestCount(method: string, path: string): number {
    return this.requests.get(`${method} ${path}`) ?? 0;
  }

  /** Takes an order out of the MES's schedule altogether (it disappears from snapshots). */
  removeOrder(id: string): boolean {
    return this.ordersById.delete(id);
  }

  /** Creates or changes an order; each change raises its revision. */
  putOrder(order: { id: string; revision?: number; [field: string]: unknown }): SimOrder {
    const old = this.ordersById.get(order.id);
    const revision = typeof order.revision === 'number' ? order.revision : old ? old.revision + 1 : 1;
    const next: SimOrder & { changeSeq: number } = { ...old, ...order, id: order.id, revision, changeSeq: ++this.changeSeq };
    this.ordersById.set(order.id, next);
    return strip(next);
  }

  order(id: string): SimOrder | undefined {
    const o = this.ordersById.get(id);
    return o ? strip(o) : undefined;
  }

  /** Orders changed after the cursor, and the cursor to ask with next time. */
  ordersSince(cursor: number): { orders: SimOrder[]; cursor: string } {
    const changed = [...this.ordersById.values()].filter((o) => o.changeSeq > cursor).sort((a, b) => a.changeSeq - b.changeSeq);
    const orders = changed.map(strip);
    return { orders: this.faults.duplicateOrders ? orders.flatMap((o) => [o, o]) : orders, cursor: String(this.changeSeq) };
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Applies a message once; returns false when its key was already applied. */
  apply(message: ReceivedMessage): boolean {
    if (this.byKey.has(message.key)) {
      this.duplicates++;
      return false;
    }
    if (message.kind === 'completion') {
      const before = this.completionCount.get(message.subject) ?? 0;
      this.completionCount.set(message.subject, before + 1);
      if (message.sequence !== undefined && message.sequence !== before + 1) this.outOfOrder++;
    }
    this.byKey.set(message.key, message);
    this.received.push(message);
    return true;
  }

  completions(orderId?: string): ReceivedMessage[] {
    return this.received.filter((m) => m.kind === 'completion' && (orderId === undefined || m.subject === orderId));
  }

  consumptions(orderId?: string): ReceivedMessage[] {
    return this.received.filter((m) => m.kind === 'consumption' && (orderId === undefined || m.subject === orderId));
  }

  /**
   * What each order consumed, per material and unit, as the MES books it: an aware MES takes a
   * reversal off, a naive one (`modes.naiveReversals`) adds whatever arrives. Shown on /admin/state.
   */
  consumedTotals(): Record<string, Record<string, { value: number; unit: string }>> {
    return bookedTotals(this.received, this.modes.naiveReversals).consumed;
  }

  /** Good units per order as the MES books them (reversals and cancellations as for `consumedTotals`). */
  producedTotals(): Record<string, number> {
    return bookedTotals(this.received, this.modes.naiveReversals).produced;
  }
}

function strip(o: SimOrder & { changeSeq?: number }): SimOrder {
  const { changeSeq: _, ...rest } = o;
  return rest as SimOrder;
}
