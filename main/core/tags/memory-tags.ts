import type { Clock } from '../../../common/clock.ts';
import type { ScalarValue, Value } from '../../../common/data-value.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { MEMORY_DEVICE, tagKind } from '../../../common/tag.ts';
import type { WriteTarget } from '../../../drivers/api.ts';
import type { TagEngine, TagSlot } from './tag-engine.ts';
import type { TagStore } from './tag-store.ts';
import type { WriteRoute } from './tag-writer.ts';
import { coerceRaw } from './value-checks.ts';

/**
 * Memory tags: values Lineside owns (setpoints, targets, flags, texts). Written through the one tag
 * writer like device tags (permissions, limits, signatures and audit happen before it gets here);
 * each accepted value is stored in tags.sqlite before the tag shows it, and a start shows the stored
 * value (else the project's initial one).
 */
export class MemoryTags {
  private readonly engine: TagEngine;
  private readonly store: TagStore;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(engine: TagEngine, store: TagStore, clock: Clock, log: (line: string) => void = () => {}) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
    this.log = log;
  }

  /** Every memory tag's value: the stored one, or the initial one from the project. */
  start(): void {
    this.load(this.engine.all().filter((s) => tagKind(s.def) === 'memory'));
  }

  /** Memory tags added or changed by a configuration edit. */
  load(slots: readonly TagSlot[]): void {
    const stored = this.store.memoryValues();
    const now = this.clock.now();
    const changes = slots.map((slot) => {
      const def = slot.def;
      const kept = stored.get(def.path);
      let value: ScalarValue = def.memory!.initial;
      let at = now;
      if (kept !== undefined) {
        if (coerceRaw(kept.value, def) !== undefined && typeof kept.value === typeof def.memory!.initial) {
          value = kept.value;
          at = kept.at;
        } else this.log(`memory tag ${def.path}: the stored value ${JSON.stringify(kept.value)} does not fit a ${def.dataType} tag; starting from the initial value ${JSON.stringify(value)}`);
      }
      return { handle: slot.id, value: { value, quality: 'Good' as const, sourceTime: at, serverTime: now } };
    });
    this.engine.ingest(changes);
  }

  /** A raw value (scaling already reversed by the writer) for the memory tag at `path`: stored, then shown. */
  write(path: string, raw: Value): Result<void> {
    const slot = this.engine.slot(path);
    if (!slot || tagKind(slot.def) !== 'memory') return fail('not-found', `no memory tag ${path}`);
    if (raw === null || Array.isArray(raw)) return fail('type-mismatch', `${path} takes one value`);
    const at = this.clock.now();
    const stored = this.store.writeMemory(path, raw, at);
    if (!stored.ok) return stored;
    this.engine.ingest([{ handle: slot.id, value: { value: raw, quality: 'Good', sourceTime: at, serverTime: at } }]);
    return ok(undefined);
  }

  /** The writer's route: memory tags here, everything else to the devices. */
  route(devices: WriteRoute): WriteRoute {
    return {
      write: (device: string, address: string, raw: Value, target: WriteTarget) => (device === MEMORY_DEVICE ? Promise.resolve(this.write(address, raw)) : devices.write(device, address, raw, target)),
    };
  }
}
