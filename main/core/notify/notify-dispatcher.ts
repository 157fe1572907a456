import { backoffCeiling, type BackoffPolicy } from '../../../common/backoff.ts';
import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { Channel } from './notify-channels.ts';
import type { NotifyStore, StoredMessage } from './notify-store.ts';

export interface DispatchOptions {
  /** Retry waits: base doubling to the cap (default 2 s to 5 min). */
  backoff?: BackoffPolicy;
  /** Messages in flight at once (default 16). */
  concurrency?: number;
  /** Give up on a message this long after it was queued (default 24 h). */
  giveUpAfterMs?: number;
  random?: () => number;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2000, capMs: 300_000 };

/**
 * Delivers the outbox: due messages go out through their channel, a few at a time; an accepted one is
 * marked sent, a failed one is retried with backoff (jittered, never below half its ceiling so a dead
 * server is not asked in a burst). A channel that fails holds all its messages until its next try,
 * so a mail server that is down is asked once per backoff step, not once per message. One timer,
 * owned here.
 */
export class NotifyDispatcher implements Disposable {
  private readonly store: NotifyStore;
  private readonly channels: ReadonlyMap<string, Channel>;
  private readonly clock: Clock;
  private readonly backoff: BackoffPolicy;
  private readonly concurrency: number;
  private readonly giveUpAfterMs: number;
  private readonly random: () => number;
  /** Per channel: consecutive failures (the backoff step). */
  private readonly failures = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private readonly sentListeners: Array<(message: StoredMessage, at: number) => void> = [];

  constructor(store: NotifyStore, channels: ReadonlyMap<string, Channel>, clock: Clock, options: DispatchOptions = {}) {
    this.store = store;
    this.channels = channels;
    this.clock = clock;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.concurrency = options.concurrency ?? 16;
    this.giveUpAfterMs = options.giveUpAfterMs ?? 24 * 3_600_000;
    this.random = options.random ?? Math.random;
  }

  /** For the benchmark and tests: told after each message the server accepted. */
  onDidSend(listener: (message: StoredMessage, at: number) => void): Disposable {
    this.sentListeners.push(listener);
    return { dispose: () => this.sentListeners.splice(this.sentListeners.indexOf(listener), 1) };
  }

  /** Something was queued or came due: deliver now (runs are never concurrent; a kick during one runs another). */
  kick(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.arm();
    });
  }

  /** Resolves when no delivery run is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    for (let guard = 0; guard < 10_000 && !this.disposed; guard++) {
      const now = this.clock.now();
      const due = this.store.due(now, this.concurrency * 4).filter((m) => !this.inFlight.has(m.id));
      if (due.length === 0) return;
      // Per channel in order; a channel that fails in this round holds the rest of its messages.
      const down = new Set<string>();
      const queue = [...due];
      const worker = async () => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          if (down.has(m.channel) || this.disposed) continue;
          await this.deliver(m, down);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    }
  }

  private async deliver(message: StoredMessage, down: Set<string>): Promise<void> {
    const channel = this.channels.get(message.channel);
    const now = () => this.clock.now();
    if (!channel) {
      this.store.markFailed(message.id, now(), `no channel ${message.channel} in notify.json any more`, undefined);
      return;
    }
    this.inFlight.add(message.id);
    try {
      const outcome = await channel.send(message);
      if (this.disposed) return;
      if (outcome.ok) {
        this.failures.delete(message.channel);
        const at = now();
        this.store.markSent(message.id, at, outcome.detail);
        for (const listener of this.sentListeners) listener(message, at);
        return;
      }
      const at = now();
      if (outcome.permanent || at - message.createdAt >= this.giveUpAfterMs) {
        this.store.markFailed(message.id, at, outcome.error, undefined);
        return;
      }
      const step = this.failures.get(message.channel) ?? 0;
      this.failures.set(message.channel, step + 1);
      const ceiling = backoffCeiling(step, this.backoff);
      const retryAt = at + Math.floor(ceiling / 2 + (this.random() * ceiling) / 2);
      this.store.markFailed(message.id, at, outcome.error, retryAt);
      this.store.postpone(message.channel, retryAt);
      down.add(message.channel);
    } finally {
      this.inFlight.delete(message.id);
    }
  }

  private arm(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.store.nextDue();
    if (next === undefined) return;
    this.timer = setTimeout(() => this.kick(), Math.max(0, Math.min(next - this.clock.now(), 2_147_000_000)));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
