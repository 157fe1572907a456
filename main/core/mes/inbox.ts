import type Database from 'better-sqlite3';
import type { InboxEntry, StoredWorkOrder } from '../../../common/mes-contract.ts';
import { WorkOrderSchema, workOrderKey, type MappingTables, type MissingMapping, type WorkOrder, type WorkOrderStatus } from '../../../common/mes.ts';
import { problemFromZod } from '../../../common/zod-problem.ts';
import type { InboundDelivery, InboundVerdict } from './connector.ts';
import { CodeMapper, describeMissing } from './mappings.ts';
import { EMPTY_PROGRESS, type MesStore } from './mes-store.ts';
import { cancelAtOnce, type CancelCause, type CancelHandler } from './order-cancel.ts';

/** Statuses the line owns once an order is on it: a new MES revision does not undo them. */
const LOCAL_STATUSES: readonly WorkOrderStatus[] = ['Running', 'Held', 'Completed'];

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
  private readonly cancel: CancelHandler | undefined;

  /** `cancel`: how an order the MES cancels is cancelled here (`order-cancel.ts`); default: at once. */
  constructor(store: MesStore, mappings: (connector: string) => MappingTables | undefined, now: () => number, onAccepted: (key: string) => void, cancel?: CancelHandler) {
    this.store = store;
    this.mappings = mappings;
    this.now = now;
    this.onAccepted = onAccepted;
    this.cancel = cancel;
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
    const seen = this.seenStmt.get(delivery.connector, delivery.messageId) as
      | { verdict: string; order_key: string | null }
      | undefined;
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
    if (!parsed.success) return { kind: 'rejected', reason: problemFromZod(parsed.error, 'order').message };
    const order = parsed.data;
    if (order.scheduledStart && order.scheduledEnd && Date.parse(order.scheduledEnd) < Date.parse(order.scheduledStart)) return { kind: 'rejected', reason: 'order.scheduledEnd: is before scheduledStart' };
    const key = workOrderKey(order);
    const stored = this.store.order(key);
    if (stored && stored.order.revision >= order.revision) return { kind: 'stale', key, storedRevision: stored.order.revision, revision: order.revision };
    const cancelling = stored !== undefined && order.status === 'Cancelled' && stored.status !== 'Cancelled';
    const status = stored && (cancelling || (LOCAL_STATUSES.includes(stored.status) && order.status !== 'Cancelled')) ? stored.status : order.status;
    this.store.saveOrder(order, status, stored?.progress ?? EMPTY_PROGRESS, this.now());
    // A stored order the MES cancels goes the one way every cancel from the MES goes (order-cancel.ts).
    if (cancelling) this.cancelOrder(this.store.order(key)!, { connector: delivery.connector, source: 'message', detail: `revision ${order.revision} is Cancelled` });
    return { kind: 'accepted', key, revision: order.revision };
  }

  /** Cancels a stored order from the MES (a Cancelled revision, or gone from its snapshot); inside the caller's transaction. */
  cancelOrder(stored: StoredWorkOrder, cause: CancelCause): void {
    if (this.cancel) this.cancel(stored, cause, this.now());
    else cancelAtOnce(this.store)(stored, cause, this.now());
  }

  private record(delivery: InboundDelivery, v: InboundVerdict): void {
    const verdict = v.kind === 'duplicate' ? 'accepted' : v.kind;
    const key = v.kind === 'accepted' || v.kind === 'stale' ? v.key : null;
    const reason =
      v.kind === 'rejected' ? v.reason : v.kind === 'held' ? describeMissing(v.missing) : v.kind === 'stale' ? `revision ${v.revision} is not newer than the stored ${v.storedRevision}` : '';
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
