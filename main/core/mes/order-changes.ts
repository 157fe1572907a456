import type { OrderCancel, OrderChange, OrderProgress, ParameterCheck, PendingRevision, StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { Completion, MaterialConsumption, WorkOrder, WorkOrderStatus } from '../../../common/mes.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { ProductRecipe } from '../../../common/mes-config.ts';
import type { Caller } from './audit.ts';
import type { LineTracker } from './line-tracker.ts';
import { EMPTY_PROGRESS, type MesStore } from './mes-store.ts';
import { isOnLine } from './order-notices.ts';
import { resolveParameters } from './recipes.ts';

/** Statuses the line owns once an order is on it: a new MES revision does not undo them. */
const LOCAL_STATUSES: readonly WorkOrderStatus[] = ['Running', 'Held', 'Completed'];

/** The runtime acting on its configuration (a cancel confirmed by policy), as the audit trail names it. */
export const RUNTIME_CALLER: Caller = { name: 'lineside', role: 'system' };

/** How MES/ERP cancelled an order: the one description every inbound path gives the entry point. */
export interface CancelOrigin {
  /** The connector (MES/ERP) that cancelled it. */
  connector: string;
  /** In words, for the operator and the audit trail: "status Cancelled", "missing from the snapshot", ... */
  how: string;
  /** The MES's revision that cancelled it, when it carried one (stored as the order's revision). */
  revision?: number;
}

export interface OrderChangesDeps {
  store: MesStore;
  line(workCentre: string): LineTracker | undefined;
  products(): readonly ProductRecipe[];
  audit(user: Caller, action: string, target: string, detail: unknown): void;
  now(): number;
  changed(keys: string[]): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The newest revision Lineside knows of an order: the one it runs, or a newer one waiting. */
export function knownRevision(stored: StoredWorkOrder): number {
  return Math.max(stored.order.revision, stored.progress.pendingRevision?.revision ?? -1);
}

/**
 * What MES/ERP changes about an order once it is on a line. A cancel never discards what was
 * produced: the line is held and the count so far is confirmed as a final partial under the order,
 * at once or when a supervisor decides (the line's `cancelRunning`). A revision that changes what
 * the line makes or how (quantity, material, BOM, operations, parameters) waits for the operator;
 * its parameters are written and read back only when accepted. Every step is audited with who
 * decided it: the MES, the runtime by configuration, the operator or the supervisor.
 *
 * `cancel` is the one entry point for every way an MES cancels (a Cancelled status, a snapshot the
 * order disappeared from, a B2MML Delete); call it inside the transaction that records the inbound
 * message, or through `MesService.cancelFromMes`.
 */
export class OrderChanges {
  private readonly deps: OrderChangesDeps;

  constructor(deps: OrderChangesDeps) {
    this.deps = deps;
  }

  /** A validated inbound revision, newer than any known (call inside the inbox's transaction). */
  receive(stored: StoredWorkOrder | undefined, order: WorkOrder, connector: string): void {
    const at = this.deps.now();
    const store = this.deps.store;
    if (!stored) return store.saveOrder(order, order.status, EMPTY_PROGRESS, at);
    if (order.status === 'Cancelled' && isOnLine(stored.status) && !stored.progress.cancel) {
      this.cancel(stored.key, { connector, how: 'status Cancelled', revision: order.revision });
      return;
    }
    if (!isOnLine(stored.status) || stored.progress.cancel) {
      // Not on the line (or being closed out after a cancel): the MES's document; a status the line
      // owns (Completed) stays.
      const status = LOCAL_STATUSES.includes(stored.status) ? stored.status : order.status;
      return store.saveOrder(order, status, stored.progress, at);
    }
    const { pendingRevision: _, ...rest } = stored.progress;
    const changes = lineChanges(stored.order, order);
    if (changes.length === 0) {
      // Nothing the line runs by changed (description, priority, schedule): taken at once; a revision
      // that waited is superseded by this one.
      store.saveOrder(order, stored.status, rest, at);
    } else {
      const pending: PendingRevision = { revision: order.revision, receivedAt: iso(at), by: connector, order, changes };
      store.saveProgress(stored.key, stored.status, { ...rest, pendingRevision: pending }, at);
      this.deps.audit(mesCaller(connector), 'workOrders.revision.received', stored.key, { running: stored.order.revision, revision: order.revision, changes });
    }
    this.deps.changed([stored.key]);
  }

  /**
   * MES/ERP cancelled the order. Not yet on a line: it is Cancelled. On a line: counted up to now,
   * held, and (policy `confirm`) confirmed at once as a final partial, or (policy `supervisor`)
   * left for a supervisor's decision. Already cancelled or done: nothing changes.
   */
  cancel(key: string, origin: CancelOrigin): Result<StoredWorkOrder> {
    const store = this.deps.store;
    const stored = store.order(key);
    if (!stored) return fail('not-found', `no work order ${key}`, 'key');
    if (stored.progress.cancel || stored.status === 'Cancelled' || stored.status === 'Completed' || stored.status === 'Closed') return ok(stored);
    const at = this.deps.now();
    const doc = origin.revision !== undefined && origin.revision > stored.order.revision ? { ...stored.order, revision: origin.revision, status: 'Cancelled' as const } : stored.order;
    const by = mesCaller(origin.connector);
    if (!isOnLine(stored.status)) {
      store.transaction(() => {
        store.saveOrder(doc, 'Cancelled', stored.progress, at);
        this.deps.audit(by, 'workOrders.cancel.received', key, { how: origin.how, revision: origin.revision, was: stored.status });
      });
      this.deps.changed([key]);
      return ok(store.order(key)!);
    }
    const line = this.deps.line(stored.order.workCentre);
    const policy = line?.config.cancelRunning ?? 'supervisor';
    store.transaction(() => {
      line?.countNow();
      const s = store.order(key)!;
      const { pendingRevision: _, ...progress } = s.progress;
      const cancel: OrderCancel = {
        ...(origin.revision !== undefined ? { revision: origin.revision } : {}),
        at: iso(at),
        by: origin.connector,
        how: origin.how,
        was: s.status as 'Running' | 'Held',
        policy,
        state: 'awaiting-decision',
      };
      store.saveOrder(doc, 'Held', { ...progress, holdReason: `cancelled by MES/ERP (${origin.connector}: ${origin.how})`, cancel }, at);
      this.deps.audit(by, 'workOrders.cancel.received', key, {
        how: origin.how,
        revision: origin.revision,
        was: s.status,
        policy,
        counted: { good: s.progress.good - s.progress.confirmedGood, reject: s.progress.reject - s.progress.confirmedReject },
        ...(s.progress.pendingRevision ? { droppedRevision: s.progress.pendingRevision.revision } : {}),
      });
      if (policy === 'confirm' && line) {
        const closed = this.closeOut(line, key, undefined, RUNTIME_CALLER, 'Held');
        if (!closed.ok) throw new Error(closed.error.message);
      }
    });
    this.deps.changed([key]);
    return ok(store.order(key)!);
  }

  /** The operator has seen an order the runtime closed out after a cancel: it leaves the line. */
  acknowledgeCancel(key: string, user: Caller): Result<StoredWorkOrder> {
    const s = this.deps.store.order(key);
    if (!s) return fail('not-found', `no work order ${key}`, 'key');
    const c = s.progress.cancel;
    if (!c || s.status !== 'Held') return fail('bad-request', `work order ${key} is not a cancelled order held on its line`, 'key');
    if (c.state !== 'confirmed') return fail('bad-request', `work order ${key} waits for a supervisor's decision on what was produced (workOrders.decideCancel)`, 'key');
    this.deps.store.transaction(() => {
      this.deps.store.saveProgress(key, 'Cancelled', { ...s.progress, cancel: { ...c, acknowledgedBy: user.name } }, this.deps.now());
      this.deps.audit(user, 'workOrders.cancel.acknowledge', key, { completion: c.completion });
    });
    this.deps.changed([key]);
    return ok(this.deps.store.order(key)!);
  }

  /** A supervisor's decision on a cancelled order held for one: what was counted is confirmed as its final partial. */
  decideCancel(key: string, scrapReason: string | undefined, user: Caller): Result<{ order: StoredWorkOrder; completion: Completion; consumptions: MaterialConsumption[] }> {
    const s = this.deps.store.order(key);
    if (!s) return fail('not-found', `no work order ${key}`, 'key');
    if (s.progress.cancel?.state !== 'awaiting-decision' || s.status !== 'Held') return fail('bad-request', `work order ${key} has no cancel waiting for a decision`, 'key');
    const line = this.deps.line(s.order.workCentre);
    if (!line) return fail('config-error', `work order ${key} is for ${s.order.workCentre}, which is not a line of this project (mes.json lines)`);
    const closed = this.closeOut(line, key, scrapReason, user, 'Cancelled');
    if (closed.ok) this.deps.changed([key]);
    return closed;
  }

  /**
   * The operator accepts the revision waiting for a running or held order: changed parameters are
   * written and read back first (refused, and the revision kept waiting, if one does not read back).
   */
  async acceptRevision(key: string, revision: number, user: Caller): Promise<Result<{ order: StoredWorkOrder; checks: ParameterCheck[] }>> {
    const s = this.deps.store.order(key);
    if (!s) return fail('not-found', `no work order ${key}`, 'key');
    const pending = s.progress.pendingRevision;
    if (!pending || !isOnLine(s.status) || s.progress.cancel) return fail('bad-request', `work order ${key} has no revision waiting`, 'revision');
    if (pending.revision !== revision) return fail('conflict', `revision ${pending.revision} of ${key} is waiting, not ${revision}: look at it again`, 'revision');
    const line = this.deps.line(s.order.workCentre);
    if (!line) return fail('config-error', `work order ${key} is for ${s.order.workCentre}, which is not a line of this project (mes.json lines)`);
    const next = resolveParameters(pending.order, line.config, this.deps.products(), key);
    if (!next.ok) {
      this.deps.audit(user, 'workOrders.revision.refused', key, { revision, reason: next.error.message });
      return next;
    }
    const before = resolveParameters(s.order, line.config, this.deps.products(), key);
    const running = new Map((before.ok ? before.value : []).map((p) => [p.name, p.value]));
    const writes = next.value.filter((p) => running.get(p.name) !== p.value);
    const written = await line.writeParameters(writes);
    if (!written.ok) {
      this.deps.audit(user, 'workOrders.revision.refused', key, { revision, reason: written.error.message, ...(written.error.checks ? { checks: written.error.checks } : {}) });
      return fail(written.error.code, written.error.message, written.error.path);
    }
    const now = this.deps.now();
    const applied = this.deps.store.transaction((): Result<StoredWorkOrder> => {
      const current = this.deps.store.order(key)!;
      if (current.progress.pendingRevision?.revision !== revision || current.progress.cancel) {
        return fail('conflict', `revision ${revision} of ${key} was superseded or cancelled while its parameters were written; nothing was accepted`, 'revision');
      }
      const { pendingRevision: _, ...progress } = current.progress;
      this.deps.store.saveOrder(pending.order, current.status, progress, now);
      this.deps.audit(user, 'workOrders.revision.accept', key, { from: current.order.revision, to: revision, changes: pending.changes, checks: written.value });
      return ok(this.deps.store.order(key)!);
    });
    if (!applied.ok) return applied;
    this.deps.changed([key]);
    return ok({ order: applied.value, checks: written.value });
  }

  /** The final partial of a cancelled order: in its stream, flagged cancelled, leaving it `status`. */
  private closeOut(line: LineTracker, key: string, scrapReason: string | undefined, user: Caller, status: WorkOrderStatus) {
    return line.confirm(key, true, scrapReason, user, {
      status,
      progress: (p: OrderProgress, completion: string) => ({ ...p, cancel: { ...p.cancel!, state: 'confirmed', completion, decidedBy: user.name } }),
    });
  }
}

/** The MES as an actor in the audit trail. */
function mesCaller(connector: string): Caller {
  return { name: `MES ${connector}`, role: 'mes' };
}

/** What a revision changes that the line runs by; description, priority and schedule are not listed. */
export function lineChanges(running: WorkOrder, next: WorkOrder): OrderChange[] {
  const out: OrderChange[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(running.quantity, next.quantity)) out.push({ field: 'quantity', from: running.quantity, to: next.quantity });
  if (!same(running.material, next.material)) out.push({ field: 'material', from: running.material.code, to: next.material.code });
  if (running.workCentre !== next.workCentre) out.push({ field: 'workCentre', from: running.workCentre, to: next.workCentre });
  const materials = [...new Set([...running.bom.map((b) => b.material.code), ...next.bom.map((b) => b.material.code)])];
  for (const code of materials) {
    const a = running.bom.find((b) => b.material.code === code);
    const b = next.bom.find((x) => x.material.code === code);
    if (!same(a, b)) out.push({ field: `bom.${code}`, from: a?.quantity ?? null, to: b?.quantity ?? null });
  }
  if (!same(running.operations, next.operations)) out.push({ field: 'operations', from: running.operations.map((o) => o.id), to: next.operations.map((o) => o.id) });
  const names = [...new Set([...running.parameters.map((p) => p.name), ...next.parameters.map((p) => p.name)])];
  for (const name of names) {
    const a = running.parameters.find((p) => p.name === name);
    const b = next.parameters.find((p) => p.name === name);
    if (!same(a, b)) out.push({ field: `parameters.${name}`, from: a?.value ?? null, to: b?.value ?? null });
  }
  return out;
}
