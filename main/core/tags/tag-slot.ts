import type { DataValue } from '../../../common/data-value.ts';
import type { TagDefinition } from '../../../common/tag.ts';

/** What a tag's slot needs of a subscription that watches it (an `EngineSubscription`). */
export interface SlotSubscriber {
  /** `index` is the tag's place in the subscriber's own tag set. */
  markDirty(index: number): void;
  dispose(): void;
}

/** One tag's live state. `notified` is what subscribers last saw (it lags `current` inside the deadband). */
export interface TagSlot {
  readonly id: number;
  /** Replaced in place when an engineer edits the tag, so subscriptions and alarms keep their slot. */
  def: TagDefinition;
  /** Deleted from the configuration: no longer listed or fed; its last quality is BadConfigurationError. */
  retired?: boolean;
  current: DataValue;
  notified: DataValue;
  /** When the device last reported this tag, changed or not (for stale detection). */
  lastReport: number;
  subs: SlotSubscriber[];
  subIndex: number[];
  /** An array tag's elements (`Path[0]`...), each a slot of its own derived from this one's value. */
  elements?: TagSlot[];
  /** An element's array tag, and its index in it. */
  parent?: TagSlot;
  index?: number;
}
