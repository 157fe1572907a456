import { sameValue, type DataValue, type Value } from '../../../common/data-value.ts';
import type { TagChange } from '../../../common/contract.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { severityOf, type Quality } from '../../../common/quality.ts';
import { INTEGER_RANGES, isNumericType, type TagDefinition } from '../../../common/tag.ts';
import type { DriverChange } from '../../../drivers/api.ts';
import { toEngineering } from './scaling.ts';
import { coerceRaw } from './value-checks.ts';
import { elementDefs, elementValue, engineeringArray } from './array-tags.ts';
import { EngineSubscription, type SubscribeOptions } from './engine-subscription.ts';
import type { Clock } from '../../../common/clock.ts';
import type { TagSlot } from './tag-slot.ts';

// The engine's API hands out slots, so its users take the type from here.
export type { TagSlot };

export interface TagEngineStats {
  /** Value or quality changes accepted from drivers. */
  changes: number;
  /** Changes passed on to subscribers (after the display deadband). */
  notifications: number;
}

/**
 * The live tag database: current values with quality, raw→engineering scaling, display deadband,
 * and subscriptions by tag set whose changes are coalesced per subscriber.
 */
export class TagEngine implements Disposable {
  readonly stats: TagEngineStats = { changes: 0, notifications: 0 };
  /** Append-only, indexed by id: a deleted tag's slot stays (retired) so ids held elsewhere stay valid. */
  private readonly slots: TagSlot[];
  private live: TagSlot[];
  private readonly byPath = new Map<string, TagSlot>();
  private sinks: Array<(changed: readonly TagSlot[]) => void> = [];
  /** Tags changed by the mutation under way, handed to the sinks at its end. */
  private changed: TagSlot[] = [];
  private staleTimer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  private readonly clock: Clock;

  constructor(tags: readonly TagDefinition[], clock: Clock) {
    this.clock = clock;
    this.slots = [];
    for (const def of tags) this.createSlot(def);
    this.live = this.slots;
    if (tags.some((t) => t.staleAfterMs !== undefined)) this.startStaleTimer();
  }

  /** Slots ever created, retired ones included (ids are below this). */
  get size(): number {
    return this.slots.length;
  }

  /** Tags in the configuration now. */
  get tagCount(): number {
    return this.live.length;
  }

  slot(path: string): TagSlot | undefined {
    return this.byPath.get(path);
  }

  slotById(id: number): TagSlot | undefined {
    return this.slots[id];
  }

  /** The tags in the configuration now (retired slots left out). */
  all(): readonly TagSlot[] {
    return this.live;
  }

  /** A tag (and an array tag's elements after it) waiting for its first value. */
  private createSlot(def: TagDefinition): TagSlot {
    const now = this.clock.now();
    const make = (d: TagDefinition): TagSlot => {
      const initial: DataValue = { value: null, quality: 'BadWaitingForInitialData', sourceTime: now, serverTime: now };
      const slot: TagSlot = { id: this.slots.length, def: d, current: initial, notified: initial, lastReport: now, subs: [], subIndex: [] };
      this.slots.push(slot);
      this.byPath.set(d.path, slot);
      return slot;
    };
    const slot = make(def);
    if (def.arrayLength !== undefined) {
      slot.elements = elementDefs(def).map((d, index) => Object.assign(make(d), { parent: slot, index }));
    }
    return slot;
  }

  /** A new tag, waiting for its device's first value. */
  addTag(def: TagDefinition): TagSlot {
    if (this.byPath.has(def.path)) throw new Error(`tag ${def.path} exists`);
    const slot = this.createSlot(def);
    this.live = this.slots.filter((s) => !s.retired);
    if (def.staleAfterMs !== undefined) this.startStaleTimer();
    return slot;
  }

  /**
   * Swaps a tag's definition in place (same id, same subscribers). Its value no longer means what it
   * did (scaling, address, device may have changed), so it waits for its device's next report.
   */
  replaceTag(def: TagDefinition): TagSlot {
    const slot = this.byPath.get(def.path);
    if (!slot) throw new Error(`no tag ${def.path}`);
    slot.def = def;
    const now = this.clock.now();
    this.update(slot, { value: null, quality: 'BadWaitingForInitialData', sourceTime: now, serverTime: now });
    // Elements follow the array's new definition: retired, then made again (their number may have changed).
    for (const element of slot.elements ?? []) this.retire(element, now);
    delete slot.elements;
    if (def.arrayLength !== undefined) {
      slot.elements = elementDefs(def).map((d, index) => {
        const element = this.createSlot(d);
        return Object.assign(element, { parent: slot, index });
      });
    }
    this.live = this.slots.filter((s) => !s.retired);
    this.flushSinks();
    if (def.staleAfterMs !== undefined) this.startStaleTimer();
    return slot;
  }

  /** Takes a tag out of the configuration: subscribers see BadConfigurationError, then nothing more. */
  removeTag(path: string): TagSlot {
    const slot = this.byPath.get(path);
    if (!slot) throw new Error(`no tag ${path}`);
    const now = this.clock.now();
    for (const element of slot.elements ?? []) this.retire(element, now);
    this.retire(slot, now);
    this.live = this.slots.filter((s) => !s.retired);
    return slot;
  }

  /** Subscribers see BadConfigurationError, then the slot is out of the configuration. */
  private retire(slot: TagSlot, now: number): void {
    this.update(slot, { value: null, quality: 'BadConfigurationError', sourceTime: now, serverTime: now });
    this.flushSinks();
    slot.retired = true;
    if (this.byPath.get(slot.def.path) === slot) this.byPath.delete(slot.def.path);
  }

  private startStaleTimer(): void {
    this.staleTimer ??= setInterval(() => this.checkStale(), 1000);
  }

  /**
   * Adds a consumer of every value or quality change (exact values, no display deadband): the alarm
   * engine and the historian. It is called synchronously once per batch with the tags that changed;
   * it must be quick and must not keep the array.
   */
  addSink(sink: (changed: readonly TagSlot[]) => void): Disposable {
    this.sinks.push(sink);
    return { dispose: () => (this.sinks = this.sinks.filter((s) => s !== sink)) };
  }

  /** Values reported by drivers; each change's handle is the tag's id. */
  ingest(changes: readonly DriverChange[]): void {
    if (this.disposed) return;
    const now = this.clock.now();
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i]!;
      const slot = this.slots[change.handle];
      if (slot && !slot.retired) this.apply(slot, change.value, now);
    }
    this.flushSinks();
  }

  /** Sets the quality of tags without a new value from the device (connection lost, device disabled). */
  setQuality(ids: readonly number[], quality: Quality): void {
    const now = this.clock.now();
    for (const id of ids) {
      const slot = this.slots[id];
      if (!slot || slot.retired) continue;
      for (const s of [slot, ...(slot.elements ?? [])]) {
        if (s.current.quality !== quality) this.update(s, { value: s.current.value, quality, sourceTime: s.current.sourceTime, serverTime: now });
      }
    }
    this.flushSinks();
  }

  subscribe(ids: readonly number[], listener: (changes: TagChange[]) => void, options: SubscribeOptions): EngineSubscription {
    const subscription = new EngineSubscription(ids, this.slots, listener, options, this.clock);
    for (let i = 0; i < ids.length; i++) {
      const slot = this.slots[ids[i]!];
      if (!slot) throw new Error(`no tag with id ${ids[i]}`);
      slot.subs.push(subscription);
      slot.subIndex.push(i);
    }
    subscription.onDispose = () => {
      for (const id of ids) {
        const slot = this.slots[id]!;
        const at = slot.subs.indexOf(subscription);
        if (at >= 0) {
          slot.subs.splice(at, 1);
          slot.subIndex.splice(at, 1);
        }
      }
    };
    return subscription;
  }

  dispose(): void {
    this.disposed = true;
    if (this.staleTimer) clearInterval(this.staleTimer);
    for (const slot of this.slots) {
      for (const sub of [...slot.subs]) sub.dispose();
    }
  }

  private apply(slot: TagSlot, raw: DataValue, now: number): void {
    if (slot.elements) {
      this.applyArray(slot, raw, now);
      return;
    }
    slot.lastReport = now;
    const def = slot.def;
    let quality = raw.quality;
    let value: Value;
    if (raw.value === null && severityOf(quality) !== 'good') {
      // No value from the device: keep the last one for context, under the bad quality.
      value = slot.current.value;
    } else {
      const coerced = coerceRaw(raw.value, def);
      if (coerced === undefined) {
        value = null;
        quality = 'BadTypeMismatch';
      } else {
        value = coerced;
        if (typeof value === 'number' && isNumericType(def.dataType)) {
          if (def.scaling) value = toEngineering(value, def.scaling);
          if (INTEGER_RANGES[def.dataType]) value = Math.round(value);
          const range = def.range;
          if (range && quality === 'Good' && (value < range.min || value > range.max)) quality = 'UncertainEngineeringUnitsExceeded';
        }
      }
    }
    const current = slot.current;
    if (current.value === value && current.quality === quality) {
      // The same value again: fresher timestamps, but not a change.
      current.serverTime = now;
      current.sourceTime = raw.sourceTime;
      return;
    }
    this.update(slot, { value, quality, sourceTime: raw.sourceTime, serverTime: now });
  }

  /** An array tag's value (each element coerced and scaled), then each element's own DataValue. */
  private applyArray(slot: TagSlot, raw: DataValue, now: number): void {
    slot.lastReport = now;
    let quality = raw.quality;
    let value: Value;
    if (raw.value === null && severityOf(quality) !== 'good') value = slot.current.value;
    else {
      const array = engineeringArray(raw.value, slot.def);
      value = array ?? null;
      if (!array) quality = 'BadTypeMismatch';
    }
    const current = slot.current;
    if (sameValue(current.value, value) && current.quality === quality) {
      current.serverTime = now;
      current.sourceTime = raw.sourceTime;
    } else {
      this.update(slot, { value, quality, sourceTime: raw.sourceTime, serverTime: now });
    }
    for (const element of slot.elements ?? []) {
      element.lastReport = now;
      const next = elementValue(slot.current, element.index ?? 0, element.def, raw.value);
      const was = element.current;
      if (was.value === next.value && was.quality === next.quality) {
        was.serverTime = now;
        was.sourceTime = raw.sourceTime;
      } else {
        this.update(element, { ...next, sourceTime: raw.sourceTime, serverTime: now });
      }
    }
  }

  private flushSinks(): void {
    if (this.changed.length === 0) return;
    const changed = this.changed;
    this.changed = [];
    for (const sink of this.sinks) sink(changed);
  }

  private update(slot: TagSlot, next: DataValue): void {
    this.stats.changes++;
    slot.current = next;
    if (this.sinks.length > 0) this.changed.push(slot);
    const last = slot.notified;
    const deadband = slot.def.deadband;
    if (deadband > 0 && last.quality === next.quality && typeof last.value === 'number' && typeof next.value === 'number' && Math.abs(next.value - last.value) < deadband) {
      return;
    }
    slot.notified = next;
    this.stats.notifications++;
    const subs = slot.subs;
    for (let i = 0; i < subs.length; i++) subs[i]!.markDirty(slot.subIndex[i]!);
  }

  /** Runs every second on the engine's own timer when any tag has a stale time. */
  checkStale(): void {
    const now = this.clock.now();
    for (const slot of this.live) {
      const limit = slot.def.staleAfterMs;
      if (limit === undefined || slot.current.quality !== 'Good') continue;
      if (now - slot.lastReport > limit) {
        this.update(slot, { ...slot.current, quality: 'UncertainLastUsableValue', serverTime: now });
      }
    }
    this.flushSinks();
  }
}
