import type { AlarmDefinition, AlarmFilter, AlarmInfo, AlarmSummary } from '../../../common/alarms.ts';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import { fillMessage } from '../../../common/project-texts.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import { evaluateCondition, evaluateSuppression, messageValues } from './alarm-condition.ts';
import type { AlarmJournal, NewJournalEntry } from './alarm-journal.ts';
import { initialAlarmState, nextDeadline, step, type AlarmInput, type AlarmMachineState } from './alarm-state-machine.ts';
import { alarmInfo, isStanding, matchesFilter, SummaryCounter, type AlarmRecord } from './alarm-view.ts';

export interface AlarmEngineOptions {
  /** Chattering: this many raises within the window (default 5 in 60 s). */
  chatterCount?: number;
  chatterWindowMs?: number;
}

/** What `onDidChange` reports after each batch: the alarms whose state, flags or message changed. */
export interface AlarmChange {
  changed: readonly AlarmRecord[];
  /** Ids of alarms whose definitions were deleted. */
  removed: readonly string[];
}

/**
 * Runs the configured alarms over the tag engine's changes. Alarms are indexed by the tags they read,
 * so a batch evaluates only the alarms whose inputs changed; a condition that did not change costs no
 * state-machine step. Transitions of a batch are journaled (with the new states) in one transaction.
 * One timer, owned here, ticks the earliest pending on/off delay or shelving expiry.
 */
export class AlarmEngine implements Disposable {
  readonly onDidChange: (listener: (change: AlarmChange) => void) => Disposable;
  /** Alarm evaluations (condition checks) since start, for the benchmark and metrics. */
  evaluations = 0;
  private readonly changeEmitter = new Emitter<AlarmChange>();
  private readonly records = new Map<string, AlarmRecord>();
  /** Slot id → the alarms that read that tag (value, setpoint or suppression). */
  private byTag: Array<AlarmRecord[] | undefined> = [];
  private readonly groups = new Map<string, Set<AlarmRecord>>();
  private readonly deadlines = new Map<AlarmRecord, number>();
  private readonly counter = new SummaryCounter();
  private pending: NewJournalEntry[] = [];
  private dirty = new Set<AlarmRecord>();
  private removed: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private readonly sink: Disposable;
  private disposed = false;
  private readonly tags: TagEngine;
  private readonly clock: Clock;
  private readonly journal: AlarmJournal;
  private readonly chatterCount: number;
  private readonly chatterWindowMs: number;
  /** States saved at the last stop of alarms not defined at start (the runtime's own, added by `upsert` later). */
  private readonly savedLater = new Map<string, AlarmMachineState>();

  constructor(definitions: readonly AlarmDefinition[], tags: TagEngine, clock: Clock, journal: AlarmJournal, options: AlarmEngineOptions = {}) {
    this.tags = tags;
    this.clock = clock;
    this.journal = journal;
    this.chatterCount = options.chatterCount ?? 5;
    this.chatterWindowMs = options.chatterWindowMs ?? 60_000;
    this.onDidChange = this.changeEmitter.event;
    const saved = journal.loadStates();
    for (const def of definitions) this.add(def, saved.get(def.id));
    const defined = new Set(definitions.map((d) => d.id));
    for (const [id, state] of saved) if (!defined.has(id)) this.savedLater.set(id, state);
    this.sink = tags.addSink((changed) => this.onTagsChanged(changed));
    // Conditions already present (or already gone) at start are evaluated against the current values.
    const now = clock.now();
    for (const rec of this.records.values()) this.evaluate(rec, now);
    this.flush();
  }

  get size(): number {
    return this.records.size;
  }

  get(id: string): AlarmRecord | undefined {
    return this.records.get(id);
  }

  list(filter?: AlarmFilter): AlarmInfo[] {
    const now = this.clock.now();
    const out: AlarmInfo[] = [];
    for (const rec of this.records.values()) if (matchesFilter(rec, filter)) out.push(alarmInfo(rec, now));
    return out;
  }

  matching(filter?: AlarmFilter): AlarmRecord[] {
    return [...this.records.values()].filter((rec) => matchesFilter(rec, filter));
  }

  info(rec: AlarmRecord): AlarmInfo {
    return alarmInfo(rec, this.clock.now());
  }

  summary(): AlarmSummary {
    return this.counter.summary();
  }

  /** Applies an operator action to one alarm; journaled with the user. Permissions are the caller's business. */
  act(id: string, input: AlarmInput): Result<AlarmRecord> {
    if (this.disposed) return fail('shutting-down', 'the alarm engine is stopped');
    const rec = this.records.get(id);
    if (!rec) return fail('not-found', `no alarm ${id}`, 'id');
    const refused = this.apply(rec, input, this.clock.now());
    this.flush();
    return refused === undefined ? ok(rec) : fail('bad-request', `${id}: ${refused}`, 'id');
  }

  /** Acknowledges each alarm that can be; returns the ids acknowledged. */
  acknowledgeMany(records: readonly AlarmRecord[], user: string, comment: string): string[] {
    const now = this.clock.now();
    const done: string[] = [];
    for (const rec of records) {
      if (this.apply(rec, { type: 'acknowledge', user, comment }, now) === undefined) done.push(rec.def.id);
    }
    this.flush();
    return done;
  }

  /** Adds or replaces a definition live; a replaced alarm keeps its state and is evaluated again at once. */
  upsert(def: AlarmDefinition): void {
    const old = this.records.get(def.id);
    if (old) this.remove(def.id, false);
    // An alarm the runtime defines after start (quality alarms) resumes the state it had at the last stop.
    const resumed = this.savedLater.get(def.id);
    this.savedLater.delete(def.id);
    const rec = this.add(def, old?.state ?? resumed);
    if (rec) {
      this.evaluate(rec, this.clock.now());
      this.dirty.add(rec);
    } else if (old) {
      // Disabled now: it leaves the lists like a deleted one.
      this.journal.forgetState(def.id);
      this.removed.push(def.id);
    }
    this.flush();
  }

  /** Removes an alarm live and forgets its saved state (its journal stays). */
  remove(id: string, flush = true): void {
    this.savedLater.delete(id);
    const rec = this.records.get(id);
    if (!rec) return;
    this.records.delete(id);
    this.counter.add(rec.state.status.kind, rec.def.priority, -1);
    for (const slot of this.inputSlots(rec.def)) {
      const list = this.byTag[slot.id];
      if (list) this.byTag[slot.id] = list.filter((r) => r !== rec);
    }
    this.deadlines.delete(rec);
    this.dirty.delete(rec);
    if (rec.def.group !== undefined) {
      this.groups.get(rec.def.group)?.delete(rec);
      this.updateFirstOut(rec.def.group);
    }
    if (flush) {
      this.journal.forgetState(id);
      this.removed.push(id);
      this.flush();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sink.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.changeEmitter.dispose();
  }

  private add(def: AlarmDefinition, saved: AlarmMachineState | undefined): AlarmRecord | undefined {
    const slot = this.tags.slot(def.tag);
    if (!def.enabled || !slot) return undefined;
    const setpoint = def.condition.type === 'deviation' ? this.tags.slot(def.condition.setpointTag) : undefined;
    const rec: AlarmRecord = {
      def,
      config: { onDelayMs: def.onDelayMs, offDelayMs: def.offDelayMs, latched: def.latched, chatterCount: this.chatterCount, chatterWindowMs: this.chatterWindowMs },
      tag: slot,
      setpoint,
      suppressBy: def.suppressWhen ? this.tags.slot(def.suppressWhen.tag) : undefined,
      state: saved ?? initialAlarmState(this.clock.now()),
      rate: def.condition.type === 'rate' ? { value: Number.NaN, time: 0 } : undefined,
      firstOut: false,
    };
    this.records.set(def.id, rec);
    this.counter.add(rec.state.status.kind, def.priority, 1);
    for (const s of this.inputSlots(def)) (this.byTag[s.id] ??= []).push(rec);
    if (def.group !== undefined) {
      let group = this.groups.get(def.group);
      if (!group) this.groups.set(def.group, (group = new Set()));
      group.add(rec);
      this.updateFirstOut(def.group);
    }
    this.updateDeadline(rec);
    return rec;
  }

  private inputSlots(def: AlarmDefinition): TagSlot[] {
    const paths = [def.tag];
    if (def.condition.type === 'deviation') paths.push(def.condition.setpointTag);
    if (def.suppressWhen) paths.push(def.suppressWhen.tag);
    const slots = new Set<TagSlot>();
    for (const path of paths) {
      const slot = this.tags.slot(path);
      if (slot) slots.add(slot);
    }
    return [...slots];
  }

  private onTagsChanged(changed: readonly TagSlot[]): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const byTag = this.byTag;
    for (let i = 0; i < changed.length; i++) {
      const list = byTag[changed[i]!.id];
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) this.evaluate(list[j]!, now);
    }
    this.flush();
  }

  /** Evaluates the condition and the suppression; steps the machine only when one of them changed. */
  private evaluate(rec: AlarmRecord, now: number): void {
    this.evaluations++;
    const { def, state } = rec;
    const raw = evaluateCondition(def.condition, def.deadband, state.raw, rec.tag.current, rec.setpoint?.current, rec.rate);
    if (raw !== state.raw) this.apply(rec, { type: 'sample', active: raw, value: rec.tag.current.value }, now);
    if (def.suppressWhen) {
      const suppressed = evaluateSuppression(def, rec.suppressBy?.current);
      if (suppressed !== undefined && suppressed !== rec.state.designSuppressed) this.apply(rec, { type: suppressed ? 'suppress' : 'unsuppress' }, now);
    }
  }

  /** One machine step: journal its events, keep counters, first-out and deadlines. Returns why it was refused, if it was. */
  private apply(rec: AlarmRecord, input: AlarmInput, now: number): string | undefined {
    const before = rec.state;
    const result = step(before, input, now, rec.config);
    if (result.refused !== undefined) return result.refused;
    if (result.state === before) return undefined;
    rec.state = result.state;
    this.dirty.add(rec);
    if (before.status.kind !== result.state.status.kind) {
      this.counter.add(before.status.kind, rec.def.priority, -1);
      this.counter.add(result.state.status.kind, rec.def.priority, 1);
      if (rec.def.group !== undefined) this.updateFirstOut(rec.def.group);
    }
    for (const event of result.events) {
      const values = messageValues(rec.def, event.value, { units: rec.tag.def.units, decimals: rec.tag.def.decimals, ...(rec.tag.def.states ? { states: rec.tag.def.states } : {}) });
      this.pending.push({
        at: event.at,
        alarmId: rec.def.id,
        tag: rec.def.tag,
        area: rec.def.area,
        priority: rec.def.priority,
        kind: event.kind,
        state: event.state,
        value: event.value,
        user: event.user,
        comment: event.comment,
        message: fillMessage(rec.def.message, values),
        messageValues: values,
      });
    }
    this.updateDeadline(rec);
    return undefined;
  }

  /** The first-out of a group is its standing alarm raised earliest. */
  private updateFirstOut(group: string): void {
    const members = this.groups.get(group);
    if (!members) return;
    let first: AlarmRecord | undefined;
    let firstAt = Infinity;
    for (const rec of members) {
      const status = rec.state.status;
      if (isStanding(status.kind) && 'raisedAt' in status && status.raisedAt < firstAt) ((first = rec), (firstAt = status.raisedAt));
    }
    for (const rec of members) {
      const is = rec === first;
      if (rec.firstOut !== is) ((rec.firstOut = is), this.dirty.add(rec));
    }
  }

  private updateDeadline(rec: AlarmRecord): void {
    const at = nextDeadline(rec.state, rec.config);
    if (at === undefined) this.deadlines.delete(rec);
    else this.deadlines.set(rec, at);
  }

  /** Writes the batch's journal entries and states, tells listeners, and re-arms the one timer. */
  private flush(): void {
    if (this.dirty.size === 0 && this.pending.length === 0 && this.removed.length === 0) return;
    const states = new Map<string, AlarmMachineState>();
    for (const rec of this.dirty) states.set(rec.def.id, rec.state);
    const entries = this.pending;
    const changed = [...this.dirty];
    const removed = this.removed;
    this.pending = [];
    this.dirty = new Set();
    this.removed = [];
    this.journal.write(entries, states);
    this.changeEmitter.fire({ changed, removed });
    this.arm();
  }

  private arm(): void {
    if (this.disposed) return;
    let next = Infinity;
    for (const at of this.deadlines.values()) if (at < next) next = at;
    if (next === this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, Math.min(next - this.clock.now(), 2_147_000_000)));
  }

  /** Ticks every alarm whose deadline has come. Also callable by tests that drive a manual clock. */
  onTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.disposed) return;
    const now = this.clock.now();
    for (const [rec, at] of [...this.deadlines]) if (at <= now) this.apply(rec, { type: 'tick' }, now);
    this.flush();
    this.arm();
  }
}
