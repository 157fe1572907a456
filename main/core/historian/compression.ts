import type { HistorySettings } from '../../../common/tag.ts';

/** A stored or received point; `v` is null when there is no value, `q` an OPC UA status code. */
export interface Point {
  t: number;
  v: number | string | null;
  q: number;
}

/** Where a door puts its decisions: points to store, provisional points to remove again. */
export interface DoorSink {
  store(p: Point): void;
  discard(t: number): void;
}

/** Beyond this silence between stored points nothing is known: a gap (max interval plus slack for batching). */
export function gapAfterMs(settings: Pick<HistorySettings, 'maxIntervalMs'>): number {
  return settings.maxIntervalMs + Math.max(2000, settings.maxIntervalMs / 4);
}

/**
 * Per-tag exception (deadband) and swinging-door compression. The stored points, joined by straight
 * lines, pass within `compressionDeviation` of every accepted point: the door is the set of slopes
 * from the last stored point that keep all points since within the deviation, and the snapshot (the
 * newest accepted point) is stored when the next point's slope leaves that set. Quality changes and
 * non-numeric values are always stored; at least one point per `maxIntervalMs`.
 */
export class SwingingDoor {
  private archived: Point | undefined;
  private snapshot: Point | undefined;
  private low = -Infinity;
  private high = Infinity;
  /** The snapshot written to storage as a provisional point (so a crash loses at most one batch). */
  private provisionalT: number | undefined;
  private readonly deadband: number;
  private readonly deviation: number;
  private readonly maxIntervalMs: number;

  constructor(settings: Pick<HistorySettings, 'deadband' | 'compressionDeviation' | 'maxIntervalMs'>) {
    this.deadband = settings.deadband;
    this.deviation = settings.compressionDeviation;
    this.maxIntervalMs = settings.maxIntervalMs;
  }

  /** The newest accepted point: what the tag holds now. */
  get last(): Point | undefined {
    return this.snapshot ?? this.archived;
  }

  /**
   * Feeds a received point. Points to store go to `out.store`; provisional points that are no longer
   * part of the stored line go to `out.discard`. Returns the point as accepted (its time moved after
   * the previous one if needed), or undefined when the deadband drops it.
   */
  add(input: Point, out: DoorSink): Point | undefined {
    const last = this.last;
    let p = input;
    if (last && p.t <= last.t) p = { t: last.t + 1, v: p.v, q: p.q };
    const a = this.archived;
    if (!a || !last) {
      this.store(p, out);
      return p;
    }
    if (typeof p.v !== 'number' || typeof last.v !== 'number' || p.q !== last.q) {
      this.storeSnapshot(out);
      this.store(p, out);
      return p;
    }
    if (this.deadband > 0 && Math.abs(p.v - last.v) < this.deadband) return undefined;
    if (this.deviation === 0) {
      this.store(p, out);
      return p;
    }
    const slope = ((p.v as number) - (a.v as number)) / (p.t - a.t);
    if (slope < this.low || slope > this.high) {
      // The line from the archived point to p would leave some point in between: the snapshot ends the segment.
      this.storeSnapshot(out);
    } else if (this.snapshot && this.snapshot.t === this.provisionalT) {
      out.discard(this.snapshot.t);
      this.provisionalT = undefined;
    }
    const from = this.archived!;
    const dt = p.t - from.t;
    this.low = Math.max(this.low, (p.v - this.deviation - (from.v as number)) / dt);
    this.high = Math.min(this.high, (p.v + this.deviation - (from.v as number)) / dt);
    this.snapshot = p;
    if (p.t - from.t >= this.maxIntervalMs) this.storeSnapshot(out);
    return p;
  }

  /**
   * Called once per batch: stores the snapshot or repeats the current value when nothing was stored
   * for `maxIntervalMs`, so that silence in storage always means "not recorded". Returns a repeated
   * point (for rollups), if any.
   */
  tick(now: number, out: DoorSink): Point | undefined {
    const a = this.archived;
    if (!a || now - a.t < this.maxIntervalMs) return undefined;
    if (this.snapshot) this.storeSnapshot(out);
    const b = this.archived!;
    if (now - b.t < this.maxIntervalMs) return undefined;
    const repeat = { t: now, v: b.v, q: b.q };
    this.store(repeat, out);
    return repeat;
  }

  /** The snapshot to write provisionally at the end of a batch, if it is not written yet. */
  provisional(): Point | undefined {
    const s = this.snapshot;
    if (!s || s.t === this.provisionalT) return undefined;
    this.provisionalT = s.t;
    return s;
  }

  private storeSnapshot(out: DoorSink): void {
    const s = this.snapshot;
    if (!s) return;
    this.snapshot = undefined;
    this.store(s, out);
  }

  private store(p: Point, out: DoorSink): void {
    if (p.t === this.provisionalT) this.provisionalT = undefined;
    // A snapshot that was written provisionally is rewritten: the same row, now permanent.
    out.store(p);
    this.archived = p;
    this.snapshot = undefined;
    this.low = -Infinity;
    this.high = Infinity;
  }
}
