import { backoffDelay } from '../../../common/backoff.ts';
import type { ReversalForm } from '../../../common/mes-config.ts';
import type { MappingTables } from '../../../common/mes.ts';
import { assertNever } from '../../../common/result.ts';
import type { DeliveryOutcome, MesConnector } from './connector.ts';
import { mapOutbound } from './map-messages.ts';
import { describeMissing } from './mappings.ts';
import type { Outbox, OutboxRow } from './outbox.ts';
import { applyReversalForm } from './reversal.ts';

export interface DispatcherOptions {
  /** First retry delay cap; doubles per attempt up to `maxDelayMs` (full jitter below the cap). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Streams delivered at the same time (a stream itself is always one message at a time). */
  concurrency?: number;
  random?: () => number;
  now?: () => number;
  /** A delivery round that threw (the store failing: disk full); the stream goes again at the next kick. */
  onFailure?: (error: unknown) => void;
  /** How this connector's MES takes reversals (mes.json `reversal`); default `negative`. */
  reversal?: () => ReversalForm;
}

export interface DispatcherStats {
  delivered: number;
  attempts: number;
  lastDeliveredAt?: number;
}

/**
 * Delivers one connector's outbox. Each stream (a work order, or a line's downtime) is sent strictly
 * in order: only its head is ever offered, so partials go before the final and originals before
 * reversals. A quarantined or blocked head stops its own stream and nothing else.
 */
export class Dispatcher {
  readonly stats: DispatcherStats = { delivered: 0, attempts: 0 };
  private readonly active = new Set<string>();
  private readonly again = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private disposed = false;
  private readonly base: number;
  private readonly cap: number;
  private readonly concurrency: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onFailure: (error: unknown) => void;
  private readonly reversal: () => ReversalForm;

  private readonly outbox: Outbox;
  private readonly connector: MesConnector;
  private readonly mappings: () => MappingTables;
  private readonly onChange: () => void;

  constructor(outbox: Outbox, connector: MesConnector, mappings: () => MappingTables, onChange: () => void, options: DispatcherOptions = {}) {
    this.outbox = outbox;
    this.connector = connector;
    this.mappings = mappings;
    this.onChange = onChange;
    this.base = options.baseDelayMs ?? 500;
    this.cap = options.maxDelayMs ?? 60_000;
    this.concurrency = options.concurrency ?? 16;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.onFailure = options.onFailure ?? (() => undefined);
    this.reversal = options.reversal ?? (() => 'negative');
  }

  /** Picks up everything left undelivered (after a restart or an outage). */
  kickAll(): void {
    for (const stream of this.outbox.openStreams(this.connector.id)) this.kick(stream);
  }

  kick(stream: string): void {
    if (this.disposed) return;
    if (this.active.has(stream)) {
      this.again.add(stream);
      return;
    }
    const timer = this.timers.get(stream);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(stream);
    }
    if (this.active.size >= this.concurrency) {
      this.queued.add(stream);
      return;
    }
    this.active.add(stream);
    const run = this.run(stream)
      .catch((error: unknown) => this.onFailure(error))
      .finally(() => {
        this.inFlight.delete(run);
        this.active.delete(stream);
        if (this.again.delete(stream)) this.kick(stream);
        const next = this.queued.values().next();
        if (!next.done) {
          this.queued.delete(next.value);
          this.kick(next.value);
        }
      });
    this.inFlight.add(run);
  }

  /** Stops scheduling; deliveries already on the wire settle before this resolves. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queued.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Delay before attempt n+1: uniform in [0, min(cap, base·2^n)], and never sooner than Retry-After. */
  backoff(attempts: number, retryAfterMs?: number): number {
    const jittered = backoffDelay(attempts, { baseMs: this.base, capMs: this.cap }, this.random);
    return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
  }

  private async run(stream: string): Promise<void> {
    for (;;) {
      if (this.disposed) return;
      const head = this.outbox.head(this.connector.id, stream);
      if (!head || head.state !== 'pending') return;
      const wait = head.nextAt - this.now();
      if (wait > 0) {
        this.timers.set(
          stream,
          setTimeout(() => {
            this.timers.delete(stream);
            this.kick(stream);
          }, wait),
        );
        return;
      }
      await this.attempt(head);
    }
  }

  private async attempt(row: OutboxRow): Promise<void> {
    const mapped = mapOutbound(row.message, this.mappings());
    if (!mapped.ok) {
      this.outbox.block(row, mapped.missing, describeMissing(mapped.missing));
      this.onChange();
      return;
    }
    const message = applyReversalForm(mapped.message, this.reversal());
    // A read-back and the send it may lead to are one attempt: it counts towards the backoff like a
    // send, so a message in doubt during an outage is asked about less and less often, not at a fixed pace.
    const attempts = row.message.attempts + 1;
    row.message.attempts = attempts;
    this.stats.attempts++;
    if (row.inDoubt && this.connector.readBack) {
      // It may have arrived before the answer was lost: ask before sending it again.
      this.outbox.markAttempt(row.message.connector, row.message.key, attempts);
      const seen = await this.connector.readBack(message);
      if (seen === 'present') return this.settle(row, { kind: 'delivered' });
      if (seen === 'unknown') return this.settle(row, { kind: 'ambiguous', reason: 'could not read back whether the MES has it' });
    }
    // Without a read-back endpoint a message in doubt is simply resent under its key (the MES deduplicates).
    this.outbox.markSending(row.message.connector, row.message.key, attempts);
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.connector.deliver(message);
    } catch (error) {
      outcome = { kind: 'ambiguous', reason: (error as Error).message };
    }
    this.settle(row, outcome);
  }

  private settle(row: OutboxRow, outcome: DeliveryOutcome): void {
    const attempts = row.message.attempts;
    switch (outcome.kind) {
      case 'delivered':
        this.outbox.delivered(row, this.now());
        this.stats.delivered++;
        this.stats.lastDeliveredAt = this.now();
        break;
      case 'retry':
        this.outbox.retry(row, this.now() + this.backoff(attempts, outcome.retryAfterMs), outcome.reason, false);
        break;
      case 'ambiguous':
        this.outbox.retry(row, this.now() + this.backoff(attempts, outcome.retryAfterMs), outcome.reason, true);
        break;
      case 'quarantine':
        this.outbox.quarantine(row, outcome.reason);
        break;
      case 'blocked-mapping':
        this.outbox.block(row, outcome.missing, describeMissing(outcome.missing));
        break;
      default:
        assertNever(outcome, 'delivery outcome');
    }
    this.onChange();
  }
}
