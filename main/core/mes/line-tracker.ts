import type { LineConfig } from '../../../common/mes-config.ts';
import type { LineStatus, OrderProgress, ParameterCheck, StoredConsumption, StoredDowntime, StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { Completion, DowntimeEvent, MaterialConsumption, WorkOrderStatus } from '../../../common/mes.ts';
import { fail, ok, type Problem, type Result } from '../../../common/result.ts';
import { severityOf } from '../../../common/quality.ts';
import { failWith } from '../../../common/reasons.ts';
import type { TagSlot } from '../tags/tag-engine.ts';
import { backflush, reverseConsumption } from './backflush.ts';
import { counterDelta } from './counters.ts';
import { DowntimeRecorder } from './downtime-recorder.ts';
import { noticeOf } from './order-notices.ts';
import { resolveParameters, type ResolvedParameter } from './recipes.ts';
import type { Caller } from './audit.ts';
import type { LineDeps } from './line-deps.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One line's production: the order running on it, counted from the good/reject counter tags, its
 * confirmations, and downtime from the machine state tag. Every count and every message is written
 * to the store in the transaction of the change that caused it.
 */
export class LineTracker {
  readonly config: LineConfig;
  readonly downtime: DowntimeRecorder;
  private readonly deps: LineDeps;

  constructor(config: LineConfig, deps: LineDeps) {
    this.config = config;
    this.deps = deps;
    this.downtime = new DowntimeRecorder(config, deps, () => this.current());
  }

  /** The order on the line (running or held). */
  current(): StoredWorkOrder | undefined {
    return this.deps.store.orders({ workCentre: this.config.workCentre, statuses: ['Running', 'Held'], limit: 1 })[0];
  }

  status(): LineStatus {
    const slot = this.deps.engine.slot(this.config.stateTag);
    const v = slot?.current;
    const text = v && severityOf(v.quality) !== 'bad' && v.value !== null ? (slot.def.states?.[String(v.value)] ?? String(v.value)) : undefined;
    const running = this.current();
    return {
      workCentre: this.config.workCentre,
      equipment: this.config.equipment,
      countUnit: this.config.countUnit,
      ...(running ? { running: running.key } : {}),
      ...(text !== undefined ? { machineState: text } : {}),
      ...(this.downtime.open ? { downtime: this.downtime.open } : {}),
      notices: [running && noticeOf(running, this.config.countUnit)].filter((n) => n !== undefined),
    };
  }

  /** Tag changes from the engine: counters and machine state. */
  onTags(changed: readonly TagSlot[]): void {
    const c = this.config;
    let counted = false;
    for (const slot of changed) {
      const path = slot.def.path;
      if (path === c.counters.good.tag || path === c.counters.reject.tag) counted = true;
      else if (path === c.stateTag) this.downtime.onState(slot.current);
    }
    if (counted) this.count();
  }

  async start(key: string, user: Caller): Promise<Result<{ order: StoredWorkOrder; checks: ParameterCheck[] }>> {
    const stored = this.deps.store.order(key);
    if (!stored) return failWith('not-found', 'order.unknown', { key });
    if (stored.status !== 'Released' && stored.status !== 'Ready') return failWith('bad-request', 'order.notStartable', { key, orderStatus: stored.status });
    const busy = this.current();
    if (busy) return failWith('bad-request', 'order.lineBusy', { line: this.config.workCentre, running: busy.key });
    const resolved = resolveParameters(stored.order, this.config, this.deps.products(), key);
    if (!resolved.ok) return resolved;
    const written = await this.writeParameters(resolved.value);
    if (!written.ok) {
      if (written.error.code === 'device-error') this.deps.audit(user, 'workOrders.start.refused', key, { checks: written.error.checks });
      return fail(written.error.code, written.error.message, written.error.path);
    }
    const checks = written.value;
    const now = this.deps.now();
    const progress: OrderProgress = { ...stored.progress, actualStart: stored.progress.actualStart ?? iso(now), periodStart: iso(now), operator: user.name, counters: this.readCounters() };
    this.deps.store.transaction(() => {
      this.deps.store.saveProgress(key, 'Running', progress, now);
      const lot = this.deps.lots.current(orderRef(stored), this.config.workCentre, now);
      this.deps.audit(user, 'workOrders.start', key, { checks, lot: lot.id });
    });
    this.deps.changed([key]);
    return ok({ order: this.deps.store.order(key)!, checks });
  }

  setHeld(key: string, held: boolean, reason: string, user: Caller): Result<StoredWorkOrder> {
    const stored = this.deps.store.order(key);
    if (!stored) return failWith('not-found', 'order.unknown', { key });
    if (!held && stored.progress.cancel) return failWith('bad-request', 'order.cancelledNotResumed', { key });
    const from: WorkOrderStatus = held ? 'Running' : 'Held';
    if (stored.status !== from) return failWith('bad-request', held ? 'order.notHoldable' : 'order.notResumable', { key, orderStatus: stored.status });
    this.count();
    const now = this.deps.now();
    const current = this.deps.store.order(key)!;
    const { holdReason: _, ...rest } = current.progress;
    const progress: OrderProgress = held ? { ...rest, holdReason: reason } : rest;
    this.deps.store.transaction(() => {
      this.deps.store.saveProgress(key, held ? 'Held' : 'Running', progress, now);
      this.deps.audit(user, held ? 'workOrders.hold' : 'workOrders.resume', key, { reason });
    });
    this.deps.changed([key]);
    return ok(this.deps.store.order(key)!);
  }

  /**
   * A partial (final = false) or the final confirmation of what was counted since the last one, and
   * the material it used (backflush from the BOM), all queued in the one transaction that records it.
   */
  confirm(
    key: string,
    final: boolean,
    scrapReason: string | undefined,
    user: Caller,
    /** A final confirmation closing out an order MES/ERP cancelled: flagged so, and the status it leaves the order in. */
    closeOut?: { status: WorkOrderStatus; progress: (p: OrderProgress, completion: string) => OrderProgress },
  ): Result<{ order: StoredWorkOrder; completion: Completion; consumptions: MaterialConsumption[] }> {
    const stored = this.deps.store.order(key);
    if (!stored) return failWith('not-found', 'order.unknown', { key });
    if (stored.status !== 'Running' && stored.status !== 'Held') return failWith('bad-request', 'order.notConfirmable', { key, orderStatus: stored.status });
    const held = this.deps.lots.confirmRefusal(
      key,
      this.config,
      Date.parse(stored.progress.periodStart ?? stored.progress.actualStart ?? iso(this.deps.now())),
      this.deps.now(),
      stored.order.bom.filter((b) => b.backflush !== 'manual').map((b) => b.material.code),
    );
    if (held) return fail('bad-request', held, 'lot');
    if (stored.progress.cancel && !closeOut) return cancelledRefusal(key, stored.progress.cancel.state);
    this.count();
    const now = this.deps.now();
    const result = this.deps.store.transaction(() => {
      const s = this.deps.store.order(key)!;
      const p = s.progress;
      const n = p.confirmations + 1;
      const unit = this.config.countUnit;
      const reject = p.reject - p.confirmedReject;
      const completion: Completion = {
        id: `${s.order.id}.c${n}`,
        workOrder: { system: s.order.system, id: s.order.id },
        ...(s.order.operations[0] ? { operation: s.order.operations[0].id } : {}),
        sequence: n,
        good: { value: p.good - p.confirmedGood, unit },
        scrap: reject > 0 ? [{ quantity: { value: reject, unit }, reason: scrapReason ?? this.config.defaultScrapReason }] : [],
        actualStart: p.periodStart ?? p.actualStart ?? iso(now),
        actualEnd: iso(now),
        lots: this.deps.lots.forCompletion(orderRef(s), this.config.workCentre, Date.parse(p.periodStart ?? p.actualStart ?? iso(now)), now),
        operator: user.name,
        final,
        ...(closeOut ? { cancelled: true } : {}),
        timeZone: this.deps.timeZone,
      };
      const flushed = backflush(s.order, completion, (p.consumptions ?? 0) + 1);
      // Each backflushed material names the lot in use at the line; one without is recorded without and said in the audit entry.
      const noLot: string[] = [];
      flushed.consumptions = flushed.consumptions.map((c) => {
        const use = this.deps.lots.inUse(this.config, c.material.code);
        if (!use) noLot.push(c.material.code);
        return use && this.deps.lots.register(use.lot, c.material.code, now).ok ? { ...c, lot: use.lot } : c;
      });
      const consumed = (p.consumptions ?? 0) + flushed.consumptions.length;
      const counted: OrderProgress = {
        ...p,
        confirmedGood: p.good,
        confirmedReject: p.reject,
        confirmations: n,
        ...(consumed > 0 ? { consumptions: consumed } : {}),
        periodStart: iso(now),
        ...(final ? { actualEnd: iso(now) } : {}),
      };
      const progress = closeOut ? closeOut.progress(counted, completion.id) : counted;
      this.deps.store.saveProgress(key, final ? (closeOut?.status ?? 'Completed') : s.status, progress, now);
      // The completion first: the stream keeps it ahead of the consumptions it caused.
      this.deps.enqueue({ connector: s.order.system, key: completion.id, stream: key, kind: 'completion', payload: completion });
      for (const c of flushed.consumptions) {
        this.queueConsumption(key, s.order.system, 'backflush', c, completion.id, now);
        this.deps.lots.link(key, c, completion.lots, now);
      }
      this.deps.lots.carried(completion.lots, completion.id, key);
      if (final) this.deps.lots.close(key, now);
      this.deps.audit(user, closeOut ? 'workOrders.cancel.confirm' : final ? 'workOrders.complete' : 'workOrders.confirm', key, {
        completion: completion.id,
        good: completion.good.value,
        reject,
        lots: completion.lots,
        consumed: flushed.consumptions.map((c) => ({ id: c.id, material: c.material.code, ...(c.lot ? { lot: c.lot } : {}), ...c.quantity })),
        ...(noLot.length > 0 ? { noLot } : {}),
        ...(flushed.skipped ? { backflushSkipped: flushed.skipped } : {}),
      });
      return { completion, consumptions: flushed.consumptions };
    });
    this.deps.changed([key]);
    return ok({ order: this.deps.store.order(key)!, ...result });
  }

  /**
   * Reverses a partial confirmation of a running or held order: a completion naming it (same
   * quantities) and a reversal of each consumption it backflushed, queued after them in the order's
   * stream. The counts drop by what is reversed, so it is not confirmed again.
   */
  reverse(key: string, completionId: string, user: Caller): Result<{ order: StoredWorkOrder; completion: Completion; consumptions: MaterialConsumption[] }> {
    const stored = this.deps.store.order(key);
    if (!stored) return failWith('not-found', 'order.unknown', { key });
    if (stored.status !== 'Running' && stored.status !== 'Held') return failWith('bad-request', 'order.notReversible', { key, orderStatus: stored.status });
    if (stored.progress.cancel) return cancelledRefusal(key, stored.progress.cancel.state);
    const completions = (this.deps.store.prepared("SELECT payload FROM outbox WHERE stream = ? AND kind = 'completion' ORDER BY stream_seq").all(key) as Array<{ payload: string }>).map((r) => JSON.parse(r.payload) as Completion);
    const original = completions.find((c) => c.id === completionId);
    if (!original) return failWith('not-found', 'order.noConfirmation', { key, completion: completionId }, 'completion');
    if (original.reversalOf) return failWith('bad-request', 'order.isReversal', { completion: completionId }, 'completion');
    if (original.final) return failWith('bad-request', 'order.finalNotReversed', { completion: completionId }, 'completion');
    if (completions.some((c) => c.reversalOf === completionId)) return failWith('bad-request', 'order.alreadyReversed', { completion: completionId }, 'completion');
    this.count();
    const now = this.deps.now();
    const result = this.deps.store.transaction(() => {
      const s = this.deps.store.order(key)!;
      const p = s.progress;
      const n = p.confirmations + 1;
      const completion: Completion = { ...original, id: `${s.order.id}.c${n}`, sequence: n, operator: user.name, final: false, reversalOf: original.id };
      const scrap = original.scrap.reduce((sum, x) => sum + x.quantity.value, 0);
      let seq = p.consumptions ?? 0;
      const consumptions = this.deps.store.consumptionsOf(original.id).map((c) => reverseConsumption(c.consumption, ++seq, iso(now), user.name));
      const progress: OrderProgress = {
        ...p,
        good: p.good - original.good.value,
        confirmedGood: p.confirmedGood - original.good.value,
        reject: p.reject - scrap,
        confirmedReject: p.confirmedReject - scrap,
        confirmations: n,
        ...(seq > 0 ? { consumptions: seq } : {}),
      };
      this.deps.store.saveProgress(key, s.status, progress, now);
      this.deps.enqueue({ connector: s.order.system, key: completion.id, stream: key, kind: 'completion', payload: completion });
      for (const c of consumptions) {
        this.queueConsumption(key, s.order.system, 'reversal', c, undefined, now);
        if (c.reversalOf) this.deps.lots.reversed(c.reversalOf);
      }
      this.deps.audit(user, 'workOrders.reverse', key, { completion: completion.id, reversalOf: original.id, good: original.good.value, reject: scrap, consumptions: consumptions.map((c) => c.id) });
      return { completion, consumptions };
    });
    this.deps.changed([key]);
    return ok({ order: this.deps.store.order(key)!, ...result });
  }

  /** Material the operator records as used on a running or held order (a lot, a top-up, a manual BOM line). */
  consume(key: string, input: { material: string; lot?: string; quantity: { value: number; unit: string } }, user: Caller): Result<{ order: StoredWorkOrder; consumption: MaterialConsumption }> {
    const stored = this.deps.store.order(key);
    if (!stored) return failWith('not-found', 'order.unknown', { key });
    if (stored.status !== 'Running' && stored.status !== 'Held') return failWith('bad-request', 'order.noMaterial', { key, orderStatus: stored.status });
    if (stored.progress.cancel?.state === 'confirmed') return cancelledRefusal(key, 'confirmed');
    const now = this.deps.now();
    const lot = input.lot ?? this.deps.lots.inUse(this.config, input.material)?.lot;
    const recorded = this.deps.store.transaction((): Result<MaterialConsumption> => {
      if (lot) {
        const known = this.deps.lots.register(lot, input.material, now);
        if (!known.ok) return known;
      }
      const s = this.deps.store.order(key)!;
      const n = (s.progress.consumptions ?? 0) + 1;
      const line = s.order.bom.find((b) => b.material.code === input.material);
      const operation = line?.operation ?? s.order.operations[0]?.id;
      const consumption: MaterialConsumption = {
        id: `${s.order.id}.mc${n}`,
        workOrder: { system: s.order.system, id: s.order.id },
        ...(operation ? { operation } : {}),
        sequence: n,
        material: { code: input.material, ...(line?.material.revision ? { revision: line.material.revision } : {}) },
        ...(lot ? { lot } : {}),
        quantity: input.quantity,
        at: iso(now),
        operator: user.name,
        timeZone: this.deps.timeZone,
      };
      this.deps.store.saveProgress(key, s.status, { ...s.progress, consumptions: n }, now);
      this.queueConsumption(key, s.order.system, 'manual', consumption, undefined, now);
      this.deps.lots.link(key, consumption, [this.deps.lots.current(orderRef(s), this.config.workCentre, now).id], now);
      this.deps.audit(user, 'workOrders.consume', key, { consumption: consumption.id, material: input.material, ...(lot ? { lot } : { noLot: [input.material] }), ...input.quantity });
      return ok(consumption);
    });
    if (!recorded.ok) return recorded;
    this.deps.changed([key]);
    return ok({ order: this.deps.store.order(key)!, consumption: recorded.value });
  }

  private queueConsumption(key: string, connector: string, source: StoredConsumption['source'], c: MaterialConsumption, completion: string | undefined, now: number): void {
    this.deps.store.saveConsumption(key, source, c, completion, now);
    this.deps.enqueue({ connector, key: c.id, stream: key, kind: 'consumption', payload: c });
  }

  classify(id: string, reason: string, category: DowntimeEvent['category'] | undefined, user: Caller): Result<StoredDowntime> {
    return this.downtime.classify(id, reason, category, user);
  }

  private readCounters(): { good?: number; reject?: number } {
    const read = (tag: string) => {
      const v = this.deps.engine.slot(tag)?.current;
      return v && severityOf(v.quality) !== 'bad' && typeof v.value === 'number' ? v.value : undefined;
    };
    const good = read(this.config.counters.good.tag);
    const reject = read(this.config.counters.reject.tag);
    return { ...(good !== undefined ? { good } : {}), ...(reject !== undefined ? { reject } : {}) };
  }

  /** Counts from the counters' present values (at start, before any change arrives). */
  countNow(): void {
    this.count();
  }

  /** Takes the machine state as it is (at start): a stop that ended while Lineside was away ends now, one that began opens. */
  stateNow(): void {
    const slot = this.deps.engine.slot(this.config.stateTag);
    if (slot) this.downtime.onState(slot.current);
  }

  /** Adds what the counters moved since the last count to the order on the line (held orders only move the baseline). */
  private count(): void {
    const order = this.current();
    if (!order) return;
    const now = this.readCounters();
    const last = order.progress.counters ?? {};
    const c = this.config.counters;
    const good = now.good !== undefined ? counterDelta(last.good, now.good, c.good.rolloverAt) : 0;
    const reject = now.reject !== undefined ? counterDelta(last.reject, now.reject, c.reject.rolloverAt) : 0;
    const counters = { ...last, ...now };
    if (good === 0 && reject === 0 && counters.good === last.good && counters.reject === last.reject) return;
    const running = order.status === 'Running';
    const progress: OrderProgress = { ...order.progress, counters, good: order.progress.good + (running ? good : 0), reject: order.progress.reject + (running ? reject : 0) };
    const at = this.deps.now();
    // The count and the lot it fills commit together (no fsync: a count is recounted from the PLC after a power cut).
    this.deps.store.db.transaction(() => {
      this.deps.store.saveProgress(order.key, order.status, progress, at);
      if (running && good > 0) this.deps.lots.counted(orderRef(order), this.config.workCentre, good, at);
    })();
    if (running && (good > 0 || reject > 0)) this.deps.changed([order.key]);
  }

  /**
   * Writes the parameters and waits until each reads back (within its tolerance). Refused with the
   * first that did not, and every check (device-error), or with the write's own refusal.
   */
  async writeParameters(writes: readonly ResolvedParameter[]): Promise<Result<ParameterCheck[], Problem & { checks?: ParameterCheck[] }>> {
    for (const w of writes) {
      const written = await this.deps.writer.write(w.tag, w.value);
      if (!written.ok) return { ok: false, error: { code: written.error.code, message: `parameter ${w.name} → ${w.tag}: ${written.error.message}`, path: w.name } };
    }
    const checks = await this.verify(writes);
    const bad = checks.find((c) => !c.ok);
    if (bad) return { ok: false, error: { code: 'device-error', message: `parameter ${bad.name} did not read back: wrote ${String(bad.written)} to ${bad.tag}, read ${String(bad.readBack)}`, path: bad.name, checks } };
    return ok(checks);
  }

  private async verify(writes: readonly ResolvedParameter[]): Promise<ParameterCheck[]> {
    const deadline = this.deps.now() + this.deps.verifyTimeoutMs;
    const check = () =>
      writes.map((w): ParameterCheck => {
        const v = this.deps.engine.slot(w.tag)?.current;
        const value = v && severityOf(v.quality) === 'good' && !Array.isArray(v.value) ? v.value : null;
        const same = typeof w.value === 'number' && typeof value === 'number' ? Math.abs(value - w.value) <= w.tolerance + 1e-9 : value === w.value;
        return { name: w.name, tag: w.tag, written: w.value, readBack: value, ok: same, source: w.source };
      });
    for (;;) {
      const checks = check();
      if (checks.every((c) => c.ok) || this.deps.now() >= deadline) return checks;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function orderRef(s: StoredWorkOrder): { key: string; id: string; product: string } {
  return { key: s.key, id: s.order.id, product: s.order.material.code };
}

function cancelledRefusal(key: string, state: 'awaiting-decision' | 'confirmed'): Result<never> {
  return failWith('bad-request', state === 'confirmed' ? 'order.cancelledAcknowledge' : 'order.cancelledDecision', { key });
}
