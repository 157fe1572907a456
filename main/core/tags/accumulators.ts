import type { Clock } from '../../../common/clock.ts';
import type { DataValue } from '../../../common/data-value.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { severityOf, type Quality } from '../../../common/quality.ts';
import { tagKind, type AccumulatorSettings } from '../../../common/tag.ts';
import type { DriverChange } from '../../../drivers/api.ts';
import type { TagEngine, TagSlot } from './tag-engine.ts';
import type { TagStore } from './tag-store.ts';

/** What an accumulator keeps across restarts (tags.sqlite). */
export interface AccumulatorState {
  /** The accumulated value: a total, hours, starts, or this period's delta. */
  value: number;
  /** totalizer/runHours: the input's last good rate (or on-ness) and since when it held; null while bad. */
  rate: number | null;
  since: number;
  /** starts: whether the input was on; shiftDelta: the counter's last value. */
  last: number | null;
  /** shiftDelta: the start of the period the value belongs to. */
  period: number;
  /** The reset tag's last state (resets on its rising edge). */
  resetOn: boolean;
}

const PER_MS = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;

interface Node {
  slot: TagSlot;
  settings: AccumulatorSettings;
  input: TagSlot | undefined;
  reset: TagSlot | undefined;
  state: AccumulatorState;
  quality: Quality;
  dirty: boolean;
}

export interface AccumulatorOptions {
  /** The start of the period a per-shift value belongs to (the shift running at `at`); without shifts, one endless period. */
  periodStart?: (at: number) => number;
  /** How often totals are brought up to now and saved (default 1000 ms; 0: only by `tick()`). */
  tickMs?: number;
}

/**
 * Accumulators and counters: totalizers (the integral of a rate, with rollover and reset), run hours,
 * starts counters and per-shift deltas of counters. Each follows its input through the tag engine's
 * sink; totals grow between input changes on the tick, which also saves the changed states to
 * tags.sqlite, so a restart continues from the saved total (the time the runtime was down is not
 * counted: nothing was measured then; a device counter's growth meanwhile is, as the counter kept it).
 */
export class Accumulators implements Disposable {
  private readonly engine: TagEngine;
  private readonly store: TagStore;
  private readonly clock: Clock;
  private readonly periodStart: (at: number) => number;
  private nodes: Node[] = [];
  private byInput = new Map<number, Node[]>();
  private readonly sink: Disposable;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(engine: TagEngine, store: TagStore, clock: Clock, options: AccumulatorOptions = {}) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
    this.periodStart = options.periodStart ?? (() => 0);
    this.build();
    this.sink = engine.addSink((changed) => this.onChanged(changed));
    this.publish(this.nodes);
    if (options.tickMs !== 0) this.timer = setInterval(() => this.tick(), options.tickMs ?? 1000);
  }

  /** An accumulator's state (tests, and the tag detail). */
  stateOf(path: string): AccumulatorState | undefined {
    return this.nodes.find((n) => n.slot.def.path === path)?.state;
  }

  /** Sets an accumulator back to zero (an engineer's reset; audited by the caller). */
  reset(path: string): boolean {
    const node = this.nodes.find((n) => n.slot.def.path === path);
    if (!node) return false;
    node.state.value = 0;
    node.state.since = this.clock.now();
    node.dirty = true;
    this.publish([node]);
    this.save();
    return true;
  }

  /** Brings totals and run hours up to now, starts new shift periods, publishes and saves what changed. */
  tick(): void {
    const now = this.clock.now();
    const changed: Node[] = [];
    for (const node of this.nodes) {
      const before = node.state.value;
      this.advance(node, now);
      if (node.state.value !== before) changed.push(node);
    }
    this.publish(changed);
    this.save();
  }

  /** After a configuration change. */
  reload(): void {
    this.save();
    this.build();
    this.publish(this.nodes);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink.dispose();
    this.tick();
  }

  private build(): void {
    const saved = this.store.accumulatorStates();
    const now = this.clock.now();
    this.nodes = [];
    this.byInput = new Map();
    for (const slot of this.engine.all()) {
      if (tagKind(slot.def) !== 'accumulator') continue;
      const settings = slot.def.accumulator!;
      const kept = saved.get(slot.def.path)?.state as AccumulatorState | undefined;
      // After a restart the input's rate is not known until it reports: nothing is counted for the time down.
      const state: AccumulatorState = kept ? { ...kept, rate: null, since: now, resetOn: kept.resetOn } : { value: 0, rate: null, since: now, last: null, period: this.periodStart(now), resetOn: false };
      const node: Node = { slot, settings, input: this.engine.slot(settings.input), reset: settings.resetTag ? this.engine.slot(settings.resetTag) : undefined, state, quality: 'Good', dirty: kept === undefined };
      this.nodes.push(node);
      for (const input of [node.input, node.reset]) if (input) this.byInput.set(input.id, [...(this.byInput.get(input.id) ?? []), node]);
      this.take(node, now);
    }
  }

  private onChanged(changed: readonly TagSlot[]): void {
    if (this.byInput.size === 0) return;
    const now = this.clock.now();
    const touched: Node[] = [];
    for (const slot of changed) {
      const nodes = this.byInput.get(slot.id);
      if (!nodes) continue;
      for (const node of nodes) {
        this.take(node, now);
        touched.push(node);
      }
    }
    if (touched.length > 0) this.publish(touched);
  }

  /** Integrates up to `now` with the rate that held until now; a new shift period starts from zero. */
  private advance(node: Node, now: number): void {
    const s = node.state;
    const kind = node.settings.kind;
    if ((kind === 'totalizer' || kind === 'runHours') && s.rate !== null && now > s.since) {
      const per = kind === 'runHours' ? PER_MS.h : PER_MS[node.settings.per];
      s.value += (s.rate * (now - s.since)) / per;
      const rollover = node.settings.rollover;
      if (rollover !== undefined && s.value >= rollover) s.value %= rollover;
      node.dirty = true;
    }
    s.since = now;
    if (kind === 'shiftDelta') {
      const period = this.periodStart(now);
      if (period !== s.period) {
        s.period = period;
        s.value = 0;
        node.dirty = true;
      }
    }
  }

  /** The input (or reset tag) changed: count up to now with the old rate, then take the new one. */
  private take(node: Node, now: number): void {
    this.advance(node, now);
    const s = node.state;
    const reset = node.reset?.current;
    if (reset) {
      const on = severityOf(reset.quality) === 'good' && isOn(reset);
      if (on && !s.resetOn) {
        s.value = 0;
        node.dirty = true;
      }
      s.resetOn = on;
    }
    const input = node.input?.current;
    const good = input !== undefined && severityOf(input.quality) !== 'bad' && input.value !== null;
    node.quality = input === undefined ? 'BadConfigurationError' : good ? 'Good' : 'UncertainLastUsableValue';
    if (!good) {
      // Nothing is counted while the input is bad: the total stands, marked as not following its input.
      if (node.settings.kind === 'totalizer' || node.settings.kind === 'runHours') s.rate = null;
      return;
    }
    switch (node.settings.kind) {
      case 'totalizer':
        s.rate = typeof input.value === 'number' ? input.value : null;
        break;
      case 'runHours':
        s.rate = isOn(input) ? 1 : 0;
        break;
      case 'starts': {
        const on = isOn(input) ? 1 : 0;
        if (s.last === 0 && on === 1) {
          s.value += 1;
          node.dirty = true;
        }
        if (s.last !== on) node.dirty = true;
        s.last = on;
        break;
      }
      case 'shiftDelta': {
        const count = typeof input.value === 'number' ? input.value : null;
        if (count === null) break;
        if (s.last !== null && count !== s.last) {
          // A counter that went down was reset (or rolled over): it counted from zero to its value since.
          s.value += count >= s.last ? count - s.last : count;
          node.dirty = true;
        }
        if (s.last !== count) node.dirty = true;
        s.last = count;
        break;
      }
    }
  }

  private publish(nodes: readonly Node[]): void {
    if (nodes.length === 0) return;
    const now = this.clock.now();
    const changes: DriverChange[] = nodes.map((n) => ({ handle: n.slot.id, value: { value: n.state.value, quality: n.quality, sourceTime: now, serverTime: now } satisfies DataValue }));
    this.engine.ingest(changes);
  }

  private save(): void {
    const dirty = this.nodes.filter((n) => n.dirty);
    if (dirty.length === 0) return;
    const saved = this.store.writeAccumulators(new Map(dirty.map((n) => [n.slot.def.path, n.state])), this.clock.now());
    // While the store fails, states stay dirty and are saved on a later tick.
    if (saved.ok) for (const n of dirty) n.dirty = false;
  }
}

function isOn(dv: DataValue): boolean {
  return dv.value === true || (typeof dv.value === 'number' && dv.value !== 0);
}
