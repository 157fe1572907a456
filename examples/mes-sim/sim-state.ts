/**
 * What the simulated MES/ERP holds: orders (with revisions and a change sequence for since-cursors)
 * and the messages it received, each applied once per idempotency key. Tests read it to check that
 * every confirmation arrived once and in order.
 */

export interface SimOrder {
  id: string;
  revision: number;
  [field: string]: unknown;
}

export interface ReceivedMessage {
  key: string;
  kind: 'completion' | 'consumption' | 'downtime';
  /** The work order (`workOrder.id`) or the downtime id it is about. */
  subject: string;
  sequence?: number;
  body: Record<string, unknown>;
  receivedAt: number;
}

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
   * What each order consumed, per material and unit, as the MES books it: a reversal (its body names
   * `reversalOf`) takes its quantity off again. Shown on /admin/state.
   */
  consumedTotals(): Record<string, Record<string, { value: number; unit: string }>> {
    const totals: Record<string, Record<string, { value: number; unit: string }>> = {};
    for (const m of this.consumptions()) {
      const material = (m.body['material'] as { code?: unknown } | undefined)?.code;
      const q = m.body['quantity'] as { value?: unknown; unit?: unknown } | undefined;
      if (typeof material !== 'string' || typeof q?.value !== 'number' || typeof q.unit !== 'string') continue;
      const order = (totals[m.subject] ??= {});
      const row = (order[`${material} ${q.unit}`] ??= { value: 0, unit: q.unit });
      row.value = Math.round((row.value + (typeof m.body['reversalOf'] === 'string' ? -q.value : q.value)) * 1e6) / 1e6;
    }
    return totals;
  }
}

function strip(o: SimOrder & { changeSeq?: number }): SimOrder {
  const { changeSeq: _, ...rest } = o;
  return rest as SimOrder;
}
