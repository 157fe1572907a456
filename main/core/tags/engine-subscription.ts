import type { TagChange } from '../../../common/contract.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { SlotSubscriber, TagSlot } from './tag-slot.ts';
import type { Clock } from '../../../common/clock.ts';

export interface SubscribeOptions {
  /** At most one delivery per this many ms; changes in between are coalesced to each tag's latest. */
  maxRateMs: number;
  /** Asked before each delivery; when false (say, the socket is backed up) delivery waits, still coalescing. */
  ready?: () => boolean;
}

/** A subscriber's view of a tag set: which of its tags changed since the last delivery. */
export class EngineSubscription implements Disposable, SlotSubscriber {
  onDispose: (() => void) | undefined;
  private readonly dirtyFlags: Uint8Array;
  private dirty: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDelivery = -Infinity;
  private disposed = false;

  readonly ids: readonly number[];
  private readonly slots: readonly TagSlot[];
  private readonly listener: (changes: TagChange[]) => void;
  private readonly options: SubscribeOptions;
  private readonly clock: Clock;

  constructor(ids: readonly number[], slots: readonly TagSlot[], listener: (changes: TagChange[]) => void, options: SubscribeOptions, clock: Clock) {
    this.ids = ids;
    this.slots = slots;
    this.listener = listener;
    this.options = options;
    this.clock = clock;
    this.dirtyFlags = new Uint8Array(ids.length);
  }

  /** Index in `ids` of a tag whose notified value changed. */
  markDirty(index: number): void {
    if (this.dirtyFlags[index] === 1) return;
    this.dirtyFlags[index] = 1;
    this.dirty.push(index);
    if (this.timer === undefined && !this.disposed) this.schedule();
  }

  get pending(): number {
    return this.dirty.length;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = [];
    this.onDispose?.();
  }

  private schedule(): void {
    const wait = Math.max(0, this.lastDelivery + this.options.maxRateMs - this.clock.now());
    this.timer = setTimeout(() => this.deliver(), wait);
  }

  private deliver(): void {
    this.timer = undefined;
    if (this.disposed || this.dirty.length === 0) return;
    if (this.options.ready && !this.options.ready()) {
      this.lastDelivery = this.clock.now();
      this.schedule();
      return;
    }
    const dirty = this.dirty;
    this.dirty = [];
    const changes: TagChange[] = new Array(dirty.length);
    for (let i = 0; i < dirty.length; i++) {
      const index = dirty[i]!;
      this.dirtyFlags[index] = 0;
      const v = this.slots[this.ids[index]!]!.notified;
      changes[i] = [index, v.value, v.quality, v.sourceTime, v.serverTime];
    }
    this.lastDelivery = this.clock.now();
    this.listener(changes);
  }
}
