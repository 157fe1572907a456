import type { Disposable } from '../../../common/emitter.ts';
import type { Clock } from '../../../common/clock.ts';
import type { AuditEntry, AuditSink } from './audit-trail.ts';

export interface BurstOptions {
  /** A burst ends after this long without another try (default 60 s)... */
  quietMs?: number;
  /** ...or, while tries go on, is written at least this often (default 10 min). */
  maxMs?: number;
  /** At most this many open bursts; past it the oldest is written early (default 1000). */
  maxOpen?: number;
}

interface Burst {
  entry: Omit<AuditEntry, 'reason' | 'newValue'>;
  first: number;
  last: number;
  count: number;
  reasons: Map<string, number>;
}

/**
 * Repeated refusals as one audit record per burst instead of one per try: failed sign-ins, denied
 * calls, refused writes. A flood of tries (a script guessing passwords, a client hammering a call it
 * may not make) must neither bury the trail nor fill the disk, yet every try is counted. A burst is
 * keyed by what it is about (action, who, from where, target); its record says how many tries, when
 * the first and last were, and why each was refused. The owner disposes it, which writes what is open.
 */
export class AuditBursts implements Disposable {
  private readonly bursts = new Map<string, Burst>();
  private readonly audit: AuditSink;
  private readonly clock: Clock;
  private readonly quietMs: number;
  private readonly maxMs: number;
  private readonly maxOpen: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(audit: AuditSink, clock: Clock, options: BurstOptions = {}) {
    this.audit = audit;
    this.clock = clock;
    this.quietMs = options.quietMs ?? 60_000;
    this.maxMs = options.maxMs ?? 600_000;
    this.maxOpen = options.maxOpen ?? 1000;
  }

  /** One more try of the burst `key` (its first try opens it), refused for `reason`. */
  note(key: string, entry: Omit<AuditEntry, 'reason' | 'newValue'>, reason: string): void {
    const now = this.clock.now();
    let burst = this.bursts.get(key);
    if (!burst) {
      if (this.bursts.size >= this.maxOpen) this.flush(this.bursts.keys().next().value!);
      burst = { entry, first: now, last: now, count: 0, reasons: new Map() };
      this.bursts.set(key, burst);
    }
    burst.last = now;
    burst.count++;
    burst.reasons.set(reason, (burst.reasons.get(reason) ?? 0) + 1);
    this.timer ??= setInterval(() => this.sweep(), Math.max(50, Math.min(this.quietMs, this.maxMs) / 2));
  }

  /** Writes the bursts that have gone quiet or lasted long enough. */
  sweep(): void {
    const now = this.clock.now();
    for (const [key, burst] of this.bursts) {
      if (now - burst.last >= this.quietMs || now - burst.first >= this.maxMs) this.flush(key);
    }
  }

  /** Writes the burst `key` now (e.g. before the sign-in that ends it), if one is open. */
  flush(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.bursts.delete(key);
    const reasons = Object.fromEntries(burst.reasons);
    const why = [...burst.reasons].map(([reason, n]) => (n === 1 ? reason : `${reason} ×${n}`)).join(', ');
    this.audit.record({
      ...burst.entry,
      reason: burst.count === 1 ? why : `${burst.count} tries: ${why}`,
      newValue: { tries: burst.count, first: new Date(burst.first).toISOString(), last: new Date(burst.last).toISOString(), reasons },
    });
    if (this.bursts.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get open(): number {
    return this.bursts.size;
  }

  dispose(): void {
    for (const key of [...this.bursts.keys()]) this.flush(key);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
