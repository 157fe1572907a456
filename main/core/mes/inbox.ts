import type Database from 'better-sqlite3';
import type { InboxEntry, StoredWorkOrder } from '../../../common/mes-contract.ts';
import { WorkOrderSchema, workOrderKey, type MappingTables, type MissingMapping, type WorkOrder } from '../../../common/mes.ts';
import { peerProblemText } from '../../../common/zod-problem.ts';
import type { InboundDelivery, InboundVerdict } from './connector.ts';
import { CodeMapper, describeMissing } from './mappings.ts';
import type { MesStore } from './mes-store.ts';
import { knownRevision, OrderChanges, type CancelOrigin } from './order-changes.ts';

interface InboxRow {
  connector: string;
  message_id: string;
  received_at: number;
  verdict: InboxEntry['verdict'];
  order_key: string | null;
  reason: string;
  raw: string;
}

/**
 * Inbound orders: each delivery is recorded once per message id, mapped, validated and upserted by
 * revision in one transaction. The verdict is returned after the commit, so a transport acknowledges
 * only what is stored. Held deliveries (missing mappings) are applied again when mappings change.
 */
export class Inbox {
  private readonly store: MesStore;
  private seenStmt: Database.Statement | undefined;
  private recordStmt: Database.Statement | undefined;
  private readonly mappings: (connector: string) => MappingTables | undefined;
  private readonly now: () => number;
  private readonly onAccepted: (key: string) => void;

  /** Where a new revision goes once validated: the line may own the order (order-changes.ts). */
  private readonly changes: Pick<OrderChanges, 'receive' | 'cancel'>;

  constructor(
    store: MesStore,
    mappings: (connector: string) => MappingTables | undefined,
    now: () => number,
    onAccepted: (key: string) => void,
    /** Default: no lines (an inbox on its own, in tests and benches). */
    changes: Pick<OrderChanges, 'receive' | 'cancel'> = new OrderChanges({ store, line: () => undefined, products: () => [], audit: () => undefined, now, changed: () => undefined }),
  ) {
    this.store = store;
    this.mappings = mappings;
    this.now = now;
    this.onAccepted = onAccepted;
    this.changes = changes;
  }

  receive(delivery: InboundDelivery): InboundVerdict {
    return this.receiveAll([delivery])[0]!;
  }

  /** Several deliveries in one durable transaction (a pulled page of orders). */
  receiveAll(deliveries: readonly InboundDelivery[]): InboundVerdict[] {
    const verdicts = this.store.transaction(() => this.receiveWithin(deliveries));
    this.notify(verdicts);
    return verdicts;
  }

  /** For a caller committing them in its own transaction (a snapshot); `notify` after the commit. */
  receiveWithin(deliveries: readonly InboundDelivery[]): InboundVerdict[] {
    return deliveries.map((d) => this.receiveOne(d));
  }

  notify(verdicts: readonly InboundVerdict[]): void {
    for (const v of verdicts) if (v.kind === 'accepted') this.onAccepted(v.key);
  }

  private receiveOne(delivery: InboundDelivery): InboundVerdict {
    this.seenStmt ??= this.store.db.prepare('SELECT verdict, order_key FROM inbox WHERE connector = ? AND message_id = ?');
    const seen = this.seenStmt.get(delivery.connector, delivery.messageId) as { verdict: string; order_key: string | null } | undefined;
    if (seen && seen.verdict !== 'held') return { kind: 'duplicate', key: seen.order_key ?? delivery.messageId };
    const result = this.apply(delivery);
    this.record(delivery, result);
    return result;
  }

  /** Re-applies held deliveries of a connector (its mappings changed). */
  releaseHeld(connector: string): InboundVerdict[] {
    const rows = this.store.db.prepare("SELECT * FROM inbox WHERE connector = ? AND verdict = 'held' ORDER BY received_at").all(connector) as InboxRow[];
    return rows.map((r) => this.receive({ connector, messageId: r.message_id, kind: 'order', order: JSON.parse(r.raw) as unknown, raw: r.raw }));
  }

  entries(limit = 100): InboxEntry[] {
    const rows = this.store.db.prepare("SELECT * FROM inbox WHERE verdict IN ('rejected', 'held', 'stale') ORDER BY received_at DESC LIMIT ?").all(limit) as InboxRow[];
    return rows.map((r) => ({
      connector: r.connector,
      messageId: r.message_id,
      receivedAt: r.received_at,
      verdict: r.verdict,
      ...(r.order_key ? { orderKey: r.order_key } : {}),
      reason: r.reason,
      raw: r.raw,
    }));
  }

  private apply(delivery: InboundDelivery): InboundVerdict {
    if (delivery.kind === 'undecodable') return { kind: 'rejected', reason: delivery.reason };
    const tables = this.mappings(delivery.connector);
    if (!tables) return { kind: 'rejected', reason: `no connector ${delivery.connector}` };
    if (typeof delivery.order !== 'object' || delivery.order === null || Array.isArray(delivery.order)) {
      return { kind: 'rejected', reason: 'the order is not a JSON object' };
    }
    const mapped = mapInbound({ ...(delivery.order as Record<string, unknown>), system: delivery.connector }, tables);
    if (mapped.missing.length > 0) return { kind: 'held', missing: [...mapped.missing] };
    const parsed = WorkOrderSchema.safeParse(mapped.order);
    if (!parsed.success) return { kind: 'rejected', reason: peerProblemText(parsed.error, 'order') };
    const order = parsed.data;
    if (order.scheduledStart && order.scheduledEnd && Date.parse(order.scheduledEnd) < Date.parse(order.scheduledStart)) return { kind: 'rejected', reason: 'order.scheduledEnd: is before scheduledStart' };
    const key = workOrderKey(order);
    const stored = this.store.order(key);
    // A revision waiting for the operator counts as known: offered again, it is stale.
    if (stored && knownRevision(stored) >= order.revision) return { kind: 'stale', key, storedRevision: knownRevision(stored), revision: order.revision };
    this.changes.receive(stored, order, delivery.connector);
    return { kind: 'accepted', key, revision: order.revision };
  }

  /**
   * Cancels a stored order from the MES that is gone from its snapshot, inside the caller's
   * transaction: the one way every cancel from the MES goes (OrderChanges.cancel: at once when it
   * is not on a line; held, counted and confirmed or decided by a supervisor when it is).
   */
  cancelOrder(stored: StoredWorkOrder, origin: CancelOrigin): void {
    const cancelled = this.changes.cancel(stored.key, origin);
    if (!cancelled.ok) throw new Error(cancelled.error.message);
  }

  private record(delivery: InboundDelivery, v: InboundVerdict): void {
    const verdict = v.kind === 'duplicate' ? 'accepted' : v.kind;
    const key = v.kind === 'accepted' || v.kind === 'stale' ? v.key : null;
    const reason = v.kind === 'rejected' ? v.reason : v.kind === 'held' ? describeMissing(v.missing) : v.kind === 'stale' ? `revision ${v.revision} is not newer than the stored ${v.storedRevision}` : '';
    // A held delivery keeps only the decoded order, so it can be applied again without its transport.
    const raw = delivery.kind === 'order' && v.kind === 'held' ? JSON.stringify(delivery.order) : delivery.raw;
    this.recordStmt ??= this.store.db.prepare(
      `INSERT INTO inbox (connector, message_id, received_at, verdict, order_key, revision, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (connector, message_id) DO UPDATE SET verdict = excluded.verdict, order_key = excluded.order_key, reason = excluded.reason, revision = excluded.revision`,
    );
    this.recordStmt.run(delivery.connector, delivery.messageId, this.now(), verdict, key, v.kind === 'accepted' ? v.revision : null, reason, raw.slice(0, 100_000));
  }
}

/** External codes → local ones on the fields the tables cover; unknown shapes are left to validation. */
export function mapInbound(order: Record<string, unknown>, tables: MappingTables): { order: Record<string, unknown>; missing: readonly MissingMapping[] } {
  const m = new CodeMapper(tables, 'inbound');
  const out: Record<string, unknown> = { ...order };
  const material = order['material'];
  if (isObject(material) && typeof material['code'] === 'string') out['material'] = { ...material, code: m.code('materials', material['code']) };
  if (typeof order['workCentre'] === 'string') out['workCentre'] = m.code('workCentres', order['workCentre']);
  const qty = (q: unknown) => (isObject(q) && typeof q['value'] === 'number' && typeof q['unit'] === 'string' ? { ...q, ...m.quantity({ value: q['value'], unit: q['unit'] }) } : q);
  out['quantity'] = qty(order['quantity']);
  if (Array.isArray(order['bom'])) {
    out['bom'] = order['bom'].map((line: unknown) =>
      isObject(line)
        ? { ...line, quantity: qty(line['quantity']), ...(isObject(line['material']) && typeof line['material']['code'] === 'string' ? { material: { ...line['material'], code: m.code('materials', line['material']['code']) } } : {}) }
        : line,
    );
  }
  if (Array.isArray(order['operations'])) {
    out['operations'] = order['operations'].map((op: unknown) =>
      isObject(op) ? { ...op, ...(op['quantity'] !== undefined ? { quantity: qty(op['quantity']) } : {}), ...(typeof op['workCentre'] === 'string' ? { workCentre: m.code('workCentres', op['workCentre']) } : {}) } : op,
    );
  }
  if (out['quantity'] === undefined) delete out['quantity'];
  return { order: out, missing: m.problems };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type { WorkOrder };
