import type { Disposable } from '../../../common/emitter.ts';
import type { DataValue } from '../../../common/data-value.ts';
import { severityOf } from '../../../common/quality.ts';
import { OEE_TAG_FIELDS } from '../oee/oee-tags.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { MesConnector } from './connector.ts';
import type { LineTracker } from './line-tracker.ts';

/**
 * A live value as published: the value with its quality and source time. A Bad value carries no
 * number (`value: null`): a subscriber can never take a stale count for a live one.
 */
export interface LiveValue {
  /** An array tag's value is its elements. */
  value: DataValue['value'];
  quality: string;
  sourceTime: string | null;
  units?: string;
}

/** One line as an IIoT subscriber sees it (see the topic table in main/core/mes/README.md). */
export interface LineSnapshot {
  line: string;
  state: {
    line: string;
    equipment: string;
    at: string;
    machineState: LiveValue & { text: string | null };
    down: boolean;
    downtime: { id: string; since: string; reason: string; category: string } | null;
    order: { id: string; status: string } | null;
  };
  counters: {
    line: string;
    at: string;
    unit: string;
    good: LiveValue;
    reject: LiveValue;
    order: { id: string; good: number; reject: number; confirmedGood: number; confirmedReject: number } | null;
  };
  /** Absent when the project computes no OEE for this line (shifts.json has no line of its name). */
  oee?: { line: string; at: string } & Record<(typeof OEE_TAG_FIELDS)[number]['key'], LiveValue>;
}

/** Publishes a line's live state; a transport that can (MQTT) implements it. */
export interface LinePublishing {
  /** The shortest time between two snapshots of one line it wants (coalescing). */
  readonly lineIntervalMs: number;
  publishLine(snapshot: LineSnapshot): void;
}

export function publishesLines(c: MesConnector): c is MesConnector & LinePublishing {
  const p = c as MesConnector & Partial<LinePublishing>;
  return typeof p.publishLine === 'function' && typeof p.lineIntervalMs === 'number' && p.lineIntervalMs > 0;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function liveValue(v: DataValue | undefined, units?: string): LiveValue {
  if (!v) return { value: null, quality: 'BadConfigurationError', sourceTime: null };
  const bad = severityOf(v.quality) === 'bad';
  return { value: bad ? null : v.value, quality: v.quality, sourceTime: v.sourceTime ? iso(v.sourceTime) : null, ...(units ? { units } : {}) };
}

/**
 * Machine state, counters and OEE of each line to the transports that publish lines (MQTT), not
 * through the outbox: these are states, the latest wins. Changes are coalesced per line to at most
 * one snapshot per the transports' interval; a transport keeps the latest to publish again after a
 * reconnect.
 */
export class LinePublisher implements Disposable {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly watched = new Map<string, string>();
  private readonly targets: () => Array<MesConnector & LinePublishing>;
  private readonly lines: readonly LineTracker[];
  private readonly engine: TagEngine;
  private readonly now: () => number;
  private disposed = false;

  constructor(lines: readonly LineTracker[], engine: TagEngine, targets: () => Array<MesConnector & LinePublishing>, now: () => number) {
    this.lines = lines;
    this.engine = engine;
    this.targets = targets;
    this.now = now;
    for (const l of lines) {
      const c = l.config;
      for (const tag of [c.stateTag, c.counters.good.tag, c.counters.reject.tag, ...OEE_TAG_FIELDS.map((f) => `${oeeLine(l, engine)}/OEE/${f.name}`)]) this.watched.set(tag, c.workCentre);
    }
  }

  /** Tag changes from the engine: lines whose state, counters or OEE changed are published soon. */
  onTags(changed: readonly TagSlot[]): void {
    for (const slot of changed) {
      const line = this.watched.get(slot.def.path);
      if (line) this.mark(line);
    }
  }

  /** Orders changed (status, counts): every line, as the order on it may be among them. */
  onOrders(): void {
    for (const l of this.lines) this.mark(l.config.workCentre);
  }

  /** Publishes every line now (at start and when a transport is replaced). */
  publishAll(): void {
    for (const l of this.lines) this.dirty.add(l.config.workCentre);
    this.flush();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private mark(line: string): void {
    if (this.disposed) return;
    const targets = this.targets();
    if (targets.length === 0) return;
    this.dirty.add(line);
    this.timer ??= setTimeout(() => this.flush(), Math.min(...targets.map((t) => t.lineIntervalMs)));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const targets = this.targets();
    if (this.disposed || targets.length === 0) return;
    for (const l of this.lines) {
      if (!this.dirty.delete(l.config.workCentre)) continue;
      const snapshot = lineSnapshot(l, this.engine, this.now());
      for (const t of targets) t.publishLine(snapshot);
    }
  }
}

/** The name the line's OEE tags live under: its work centre, or its equipment. */
function oeeLine(l: LineTracker, engine: TagEngine): string {
  return engine.slot(`${l.config.workCentre}/OEE/OEE`) ? l.config.workCentre : l.config.equipment;
}

export function lineSnapshot(l: LineTracker, engine: TagEngine, now: number): LineSnapshot {
  const c = l.config;
  const at = iso(now);
  const stateSlot = engine.slot(c.stateTag);
  const machine = liveValue(stateSlot?.current);
  const text = machine.value !== null && stateSlot ? (stateSlot.def.states?.[String(machine.value)] ?? String(machine.value)) : null;
  const order = l.current();
  const stop = l.downtime.openEvent();
  const oeeName = oeeLine(l, engine);
  const hasOee = engine.slot(`${oeeName}/OEE/OEE`) !== undefined;
  return {
    line: c.workCentre,
    state: {
      line: c.workCentre,
      equipment: c.equipment,
      at,
      machineState: { ...machine, text },
      down: stop !== undefined,
      downtime: stop ? { id: stop.id, since: stop.start, reason: stop.reason ?? 'unclassified', category: stop.category } : null,
      order: order ? { id: order.order.id, status: order.status } : null,
    },
    counters: {
      line: c.workCentre,
      at,
      unit: c.countUnit,
      good: liveValue(engine.slot(c.counters.good.tag)?.current),
      reject: liveValue(engine.slot(c.counters.reject.tag)?.current),
      order: order ? { id: order.order.id, good: order.progress.good, reject: order.progress.reject, confirmedGood: order.progress.confirmedGood, confirmedReject: order.progress.confirmedReject } : null,
    },
    ...(hasOee
      ? {
          oee: {
            line: c.workCentre,
            at,
            ...(Object.fromEntries(
              OEE_TAG_FIELDS.map((f) => {
                const slot = engine.slot(`${oeeName}/OEE/${f.name}`);
                return [f.key, liveValue(slot?.current, slot?.def.units || undefined)];
              }),
            ) as Record<(typeof OEE_TAG_FIELDS)[number]['key'], LiveValue>),
          },
        }
      : {}),
  };
}
