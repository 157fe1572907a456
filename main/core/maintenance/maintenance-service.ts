import { randomUUID } from 'node:crypto';
import { backoffCeiling, type BackoffPolicy } from '../../../common/backoff.ts';
import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { EquipmentCondition, IntervalStatus, LogEntry, MaintenanceRequest, RequestPriority } from '../../../common/maintenance-contract.ts';
import { severityOf } from '../../../common/quality.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { Actor } from '../users/user-service.ts';
import type { CmmsClient } from './cmms-client.ts';
import type { Equipment, Interval, MaintenanceFile } from './maintenance-schema.ts';
import type { Counters, IntervalMark, MaintenanceStore } from './maintenance-store.ts';

export interface MaintenanceServiceOptions {
  file: MaintenanceFile;
  store: MaintenanceStore;
  engine: TagEngine;
  clock: Clock;
  audit: AuditSink;
  /** Absent: requests are kept (queued) until a CMMS is configured. */
  client?: CmmsClient | undefined;
  /** Counters saved, intervals checked and due requests sent this often (0: only by `tick()`, for tests). */
  tickMs?: number;
  /** Retry waits for the CMMS (default 2 s doubling to 5 min). */
  backoff?: BackoffPolicy;
  random?: () => number;
  log?: (line: string) => void;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Who asks when an interval comes due by itself. */
export const INTERVAL_ACTOR = 'maintenance interval';

interface Live {
  equipment: Equipment;
  counters: Counters;
  /** While it runs: since when the run time is not yet in `counters.runMs`. */
  runningSince: number | undefined;
  dirty: boolean;
}

function unitOf(interval: Interval): IntervalStatus['unit'] {
  const every = interval.every;
  return every.hours !== undefined ? 'hours' : every.starts !== undefined ? 'starts' : every.cycles !== undefined ? 'cycles' : 'days';
}

/**
 * Equipment condition and maintenance (issue 21, items 3 and 4): counts run hours and starts from a
 * running tag and cycles from a counter tag (rollovers and resets of the counter kept, nothing counted
 * while the tag is bad, nor while the runtime is down), keeps them in maintenance.sqlite across restarts,
 * says which intervals are due (asking the CMMS by itself where an interval says so), keeps the
 * maintenance log, and sends maintenance requests to the CMMS exactly once, reading their state back.
 */
export class MaintenanceService implements Disposable {
  private readonly o: MaintenanceServiceOptions;
  private readonly live = new Map<string, Live>();
  private readonly byTag = new Map<number, Array<{ live: Live; kind: 'running' | 'cycles' }>>();
  private readonly marks = new Map<string, IntervalMark>();
  private sink: Disposable | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> | undefined;
  private polling: Promise<void> | undefined;
  private failures = 0;
  private disposed = false;

  constructor(options: MaintenanceServiceOptions) {
    this.o = options;
  }

  start(): void {
    const now = this.o.clock.now();
    const stored = this.o.store.counters();
    for (const m of this.o.store.marks()) this.marks.set(`${m.equipment}\u0000${m.interval}`, m);
    const fresh: IntervalMark[] = [];
    for (const equipment of this.o.file.equipment) {
      const counters = stored.get(equipment.id) ?? { equipment: equipment.id, runMs: 0, starts: 0, cycles: 0, running: undefined, lastCounter: undefined };
      const live: Live = { equipment, counters, runningSince: undefined, dirty: false };
      this.live.set(equipment.id, live);
      for (const [kind, path] of [
        ['running', equipment.runningTag],
        ['cycles', equipment.cycleTag],
      ] as const) {
        const slot = path === undefined ? undefined : this.o.engine.slot(path);
        if (!slot) continue;
        const list = this.byTag.get(slot.id) ?? [];
        list.push({ live, kind });
        this.byTag.set(slot.id, list);
      }
      // An interval first seen is counted from now (a new interval does not start overdue).
      for (const interval of equipment.intervals) {
        const k = `${equipment.id}\u0000${interval.name}`;
        if (this.marks.has(k)) continue;
        const mark: IntervalMark = { equipment: equipment.id, interval: interval.name, doneAt: now, runMs: counters.runMs, starts: counters.starts, cycles: counters.cycles, requestedAt: undefined };
        this.marks.set(k, mark);
        fresh.push(mark);
      }
    }
    this.o.store.saveMarks(fresh);
    this.sink = this.o.engine.addSink((changed) => this.onChanged(changed));
    this.onChanged([...this.byTag.keys()].map((id) => this.o.engine.slotById(id)).filter((s): s is TagSlot => s !== undefined));
    const tickMs = this.o.tickMs ?? 5000;
    if (tickMs > 0) this.timer = setInterval(() => this.tick(), tickMs);
    const pollMs = (this.o.file.cmms?.pollSeconds ?? 30) * 1000;
    if (tickMs > 0 && this.o.client) this.pollTimer = setInterval(() => void this.poll(), pollMs);
    this.tick();
  }

  private onChanged(changed: readonly TagSlot[]): void {
    if (this.disposed) return;
    const now = this.o.clock.now();
    for (const slot of changed) {
      const watchers = this.byTag.get(slot.id);
      if (!watchers) continue;
      const dv = slot.current;
      const good = severityOf(dv.quality) === 'good';
      for (const { live, kind } of watchers) {
        if (kind === 'running') this.takeRunning(live, good ? Boolean(dv.value) : undefined, now);
        else if (good && typeof dv.value === 'number' && Number.isFinite(dv.value)) this.takeCounter(live, dv.value);
      }
    }
  }

  /** `running` undefined: the tag is bad, so nothing is counted until it is good again. */
  private takeRunning(live: Live, running: boolean | undefined, now: number): void {
    const c = live.counters;
    if (live.runningSince !== undefined && running !== true) {
      c.runMs += Math.max(0, now - live.runningSince);
      live.runningSince = undefined;
      live.dirty = true;
    }
    if (running === undefined) return;
    if (running && live.runningSince === undefined) live.runningSince = now;
    // A start is an off → on edge; the first value seen after a restart is one only if it was off before.
    if (running && c.running === false) c.starts += 1;
    if (c.running !== running) live.dirty = true;
    c.running = running;
  }

  private takeCounter(live: Live, value: number): void {
    const c = live.counters;
    const last = c.lastCounter;
    if (last !== undefined && value !== last) {
      const rollover = live.equipment.counterRollover;
      // A drop is a rollover (modulus known) or a reset to zero: what it counted since then is its value.
      c.cycles += value > last ? value - last : rollover !== undefined ? rollover - last + value : value;
    }
    if (last !== value) live.dirty = true;
    c.lastCounter = value;
  }

  private runMs(live: Live, now: number): number {
    return live.counters.runMs + (live.runningSince !== undefined ? Math.max(0, now - live.runningSince) : 0);
  }

  private intervalStatus(live: Live, interval: Interval, now: number): IntervalStatus {
    const mark = this.marks.get(`${live.equipment.id}\u0000${interval.name}`);
    const unit = unitOf(interval);
    const every = interval.every[unit]!;
    const base = mark ?? { doneAt: now, runMs: 0, starts: 0, cycles: 0 };
    const c = live.counters;
    const since = unit === 'hours' ? (this.runMs(live, now) - base.runMs) / HOUR : unit === 'starts' ? c.starts - base.starts : unit === 'cycles' ? c.cycles - base.cycles : (now - base.doneAt) / DAY;
    return { name: interval.name, unit, every, since, due: since >= every, ...(mark ? { lastDoneAt: mark.doneAt } : {}) };
  }

  /** Each piece of equipment's counters and intervals now. */
  condition(equipment?: string): EquipmentCondition[] {
    const now = this.o.clock.now();
    return [...this.live.values()]
      .filter((l) => equipment === undefined || l.equipment.id === equipment)
      .map((l) => ({
        id: l.equipment.id,
        name: l.equipment.name,
        runHours: this.runMs(l, now) / HOUR,
        starts: l.counters.starts,
        cycles: l.counters.cycles,
        running: l.counters.running ?? null,
        intervals: l.equipment.intervals.map((i) => this.intervalStatus(l, i, now)),
      }));
  }

  requests(limit: number, equipment?: string): MaintenanceRequest[] {
    return this.o.store.requests(limit, equipment);
  }

  log(limit: number, equipment?: string): LogEntry[] {
    return this.o.store.log(limit, equipment);
  }

  /** Saves the counters, asks for what came due, sends what is queued. */
  tick(): void {
    if (this.disposed) return;
    const now = this.o.clock.now();
    this.save(now);
    for (const live of this.live.values()) {
      for (const interval of live.equipment.intervals) {
        const k = `${live.equipment.id}\u0000${interval.name}`;
        const mark = this.marks.get(k);
        if (!mark || mark.requestedAt !== undefined) continue;
        const status = this.intervalStatus(live, interval, now);
        if (!status.due) continue;
        const marked = { ...mark, requestedAt: now };
        if (interval.request) {
          const symptom = `Maintenance due: ${interval.name} (every ${status.every} ${status.unit}; ${Math.floor(status.since * 10) / 10} since it was last done)`;
          this.o.store.addRequest({ id: randomUUID(), equipment: live.equipment.id, symptom, priority: interval.priority, interval: interval.name, requestedBy: INTERVAL_ACTOR }, now, marked);
        } else this.o.store.saveMarks([marked]);
        this.marks.set(k, marked);
        this.o.log?.(`maintenance: ${live.equipment.id} ${interval.name} is due${interval.request ? '; a request goes to the CMMS' : ''}`);
      }
    }
    void this.sendDue();
  }

  private save(now: number): void {
    const dirty: Counters[] = [];
    for (const live of this.live.values()) {
      if (live.runningSince !== undefined) {
        live.counters.runMs += Math.max(0, now - live.runningSince);
        live.runningSince = now;
        live.dirty = true;
      }
      if (live.dirty) dirty.push({ ...live.counters });
      live.dirty = false;
    }
    this.o.store.saveCounters(dirty, now);
  }

  /** A request to the CMMS, stored first (so it is sent even across a restart), then sent. */
  request(actor: Actor, params: { equipment: string; symptom: string; priority: RequestPriority; failureCode?: string | undefined; alarmId?: string | undefined; downtimeId?: string | undefined }): Result<MaintenanceRequest> {
    const now = this.o.clock.now();
    const id = randomUUID();
    this.o.store.addRequest({ id, ...params, requestedBy: actor.name }, now);
    const made = this.o.store.request(id)!;
    this.o.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: 'maintenance.request', target: params.equipment, newValue: { id, ...params } });
    void this.sendDue();
    return ok(made);
  }

  /** Work done: in the log, the intervals it fulfils counted again from now. */
  logWork(actor: Actor, params: { equipment: string; what: string; parts: string[]; intervals: string[]; requestId?: string | undefined }): Result<LogEntry> {
    const live = this.live.get(params.equipment);
    if (!live) return fail('not-found', `no equipment ${params.equipment} in maintenance.json`, 'equipment');
    for (const [i, name] of params.intervals.entries()) {
      if (!live.equipment.intervals.some((x) => x.name === name)) return fail('bad-request', `${params.equipment} has no interval "${name}"`, `intervals[${i}]`);
    }
    if (params.requestId !== undefined && !this.o.store.request(params.requestId)) return fail('not-found', `no maintenance request ${params.requestId}`, 'requestId');
    const now = this.o.clock.now();
    this.save(now);
    const c = live.counters;
    const marks = params.intervals.map((name): IntervalMark => ({ equipment: live.equipment.id, interval: name, doneAt: now, runMs: c.runMs, starts: c.starts, cycles: c.cycles, requestedAt: undefined }));
    const entry = this.o.store.addLog({ equipment: params.equipment, at: now, by: actor.name, what: params.what, parts: params.parts, intervals: params.intervals, ...(params.requestId ? { requestId: params.requestId } : {}) }, marks);
    for (const m of marks) this.marks.set(`${m.equipment}\u0000${m.interval}`, m);
    this.o.audit.record({
      user: actor.name,
      role: actor.role,
      station: actor.station,
      action: 'maintenance.log',
      target: params.equipment,
      newValue: { what: params.what, parts: params.parts, intervals: params.intervals, requestId: params.requestId },
    });
    return ok(entry);
  }

  /** Sends the queued requests that are due (runs never overlap; resolves when this run is over). */
  sendDue(): Promise<void> {
    if (!this.o.client || this.disposed) return Promise.resolve();
    this.sending ??= this.send(this.o.client).finally(() => {
      this.sending = undefined;
      this.armRetry();
    });
    return this.sending;
  }

  private async send(client: CmmsClient): Promise<void> {
    for (let guard = 0; guard < 1000 && !this.disposed; guard++) {
      const due = this.o.store.dueRequests(this.o.clock.now(), 8);
      if (due.length === 0) return;
      for (const r of due) {
        const outcome = await client.send(r);
        if (this.disposed) return;
        const at = this.o.clock.now();
        if (outcome.ok) {
          this.failures = 0;
          this.o.store.setState(r.id, at, outcome.state, outcome.externalId, `${outcome.detail}${outcome.externalId ? `: ${outcome.externalId}` : ''}`, true);
          continue;
        }
        if (outcome.permanent) {
          this.o.store.sendFailed(r.id, at, outcome.error, undefined);
          continue;
        }
        // The CMMS is down or did not answer: this request and the rest wait (the same id goes again).
        const ceiling = backoffCeiling(this.failures, this.o.backoff ?? { baseMs: 2000, capMs: 300_000 });
        this.failures += 1;
        this.o.store.sendFailed(r.id, at, outcome.error, at + Math.floor(ceiling / 2 + ((this.o.random ?? Math.random)() * ceiling) / 2));
        return;
      }
    }
  }

  private armRetry(): void {
    if (this.disposed || (this.o.tickMs ?? 5000) === 0) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const next = this.o.store.nextDue();
    if (next === undefined) return;
    this.retryTimer = setTimeout(() => void this.sendDue(), Math.max(0, Math.min(next - this.o.clock.now(), 2_147_000_000)));
  }

  /** Reads back the state of every request the CMMS has and has not finished. */
  poll(): Promise<void> {
    if (!this.o.client || this.disposed) return Promise.resolve();
    const client = this.o.client;
    this.polling ??= (async () => {
      for (const r of this.o.store.open()) {
        if (this.disposed) return;
        const outcome = await client.state(r);
        if (outcome.ok && !this.disposed) this.o.store.setState(r.id, this.o.clock.now(), outcome.state, outcome.externalId, outcome.detail, false);
      }
    })().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Resolves when no send or poll is under way. */
  async idle(): Promise<void> {
    while (this.sending || this.polling) await Promise.all([this.sending, this.polling]);
  }

  dispose(): void {
    if (this.disposed) return;
    this.save(this.o.clock.now());
    this.disposed = true;
    this.sink?.dispose();
    if (this.timer) clearInterval(this.timer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}
