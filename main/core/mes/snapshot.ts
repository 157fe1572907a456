import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Disappeared } from '../../../common/mes-config.ts';
import { workOrderKey, type WorkOrderStatus } from '../../../common/mes.ts';
import type { InboundVerdict, SnapshotEntry, SnapshotReceipt } from './connector.ts';
import type { Inbox } from './inbox.ts';
import type { MesStore } from './mes-store.ts';

/** Statuses in which an order that vanished from the MES's schedule is still the MES's to cancel. */
const CANCELLABLE: readonly WorkOrderStatus[] = ['Released', 'Ready', 'Running', 'Held'];

/**
 * Whole-schedule snapshots (`inbound: "snapshot"`): the MES answers every poll with its current
 * schedule. Each connector's last snapshot (order id → version) is kept in `snapshot_orders` and in
 * memory, so an order whose id and version are unchanged costs nothing: no read, no row, no verdict.
 * New and changed orders go through the inbox (`<id>@<version>` is their message id), orders no
 * longer listed are dropped from the snapshot and, with `disappeared: "cancel"`, cancelled the one
 * way the MES cancels orders (`Inbox.cancelOrder`). A snapshot that changed something is committed in
 * one durable transaction; the memory follows only after the commit.
 */
export class Snapshots {
  private readonly known = new Map<string, Map<string, string>>();
  private readonly store: MesStore;
  private readonly inbox: Inbox;
  private readonly disappeared: (connector: string) => Disappeared;
  private readonly now: () => number;
  private upsert: Database.Statement | undefined;
  private remove: Database.Statement | undefined;

  constructor(store: MesStore, inbox: Inbox, disappeared: (connector: string) => Disappeared, now: () => number) {
    this.store = store;
    this.inbox = inbox;
    this.disappeared = disappeared;
    this.now = now;
  }

  receive(connector: string, entries: readonly SnapshotEntry[]): SnapshotReceipt {
    const known = this.knownOf(connector);
    const changed = entries.filter((e) => known.get(e.orderId) !== e.version);
    const listed = new Set(entries.map((e) => e.orderId));
    const gone = [...known.keys()].filter((id) => !listed.has(id));
    const unchanged = entries.length - changed.length;
    if (changed.length === 0 && gone.length === 0) return { changed: [], unchanged, disappeared: [] };
    this.upsert ??= this.store.db.prepare('INSERT INTO snapshot_orders (connector, order_id, version, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (connector, order_id) DO UPDATE SET version = excluded.version, seen_at = excluded.seen_at');
    this.remove ??= this.store.db.prepare('DELETE FROM snapshot_orders WHERE connector = ? AND order_id = ?');
    const cancel = this.disappeared(connector) === 'cancel';
    const at = this.now();
    const { verdicts, disappeared } = this.store.transaction(() => {
      const verdicts = this.inbox.receiveWithin(changed.map((e) => e.delivery));
      for (const e of changed) this.upsert!.run(connector, e.orderId, e.version, at);
      const disappeared = gone.map((orderId) => {
        this.remove!.run(connector, orderId);
        const stored = cancel ? this.store.order(workOrderKey({ system: connector, id: orderId })) : undefined;
        if (!stored || !CANCELLABLE.includes(stored.status)) return { orderId, cancelled: false };
        this.inbox.cancelOrder(stored, { connector, how: "missing from the MES's schedule (snapshot)" });
        return { orderId, cancelled: true };
      });
      return { verdicts, disappeared };
    });
    for (const e of changed) known.set(e.orderId, e.version);
    for (const id of gone) known.delete(id);
    this.inbox.notify(verdicts);
    return { changed: changed.map((e, i) => ({ orderId: e.orderId, verdict: verdicts[i] as InboundVerdict })), unchanged, disappeared };
  }

  private knownOf(connector: string): Map<string, string> {
    let known = this.known.get(connector);
    if (!known) {
      const rows = this.store.db.prepare('SELECT order_id, version FROM snapshot_orders WHERE connector = ?').all(connector) as Array<{ order_id: string; version: string }>;
      known = new Map(rows.map((r) => [r.order_id, r.version]));
      this.known.set(connector, known);
    }
    return known;
  }
}

/** A JSON order's id at the MES and the state it is in: its revision, or a digest of its content without one. */
export function orderIdentity(order: unknown): { id: string; version: string } {
  const o = (typeof order === 'object' && order !== null ? order : {}) as { id?: unknown; revision?: unknown };
  const id = String(o.id ?? 'unknown');
  const version = typeof o.revision === 'number' || typeof o.revision === 'string' ? String(o.revision) : `#${createHash('sha256').update(JSON.stringify(order)).digest('hex').slice(0, 32)}`;
  return { id, version };
}

/** A JSON schedule's orders as snapshot entries (the first of an id twice counts). */
export function jsonSnapshotEntries(connector: string, orders: readonly unknown[], prepare: (order: unknown) => unknown = (o) => o): SnapshotEntry[] {
  const entries: SnapshotEntry[] = [];
  const ids = new Set<string>();
  for (const raw of orders) {
    const order = prepare(raw);
    const { id, version } = orderIdentity(raw);
    if (ids.has(id)) continue;
    ids.add(id);
    entries.push({ orderId: id, version, delivery: { connector, messageId: `${id}@${version}`, kind: 'order', order, raw: JSON.stringify(order) } });
  }
  return entries;
}
