/**
 * How long a sign-in attempt waits before its password is checked: exponential in the recent failed
 * attempts of its account and of its source (the client's address), instead of a lockout. A lockout
 * lets anyone who can reach the sign-in keep a person (the administrator) out for good; a delay only
 * slows guessing. The account's delay has a low ceiling (an attacker elsewhere slows the real person
 * by seconds at most); the source's a high one (a guessing client slows itself down). Unknown and
 * existing names are treated alike, so the delay tells nothing about which accounts exist.
 */
export interface ThrottleSettings {
  /** Failed attempts that cost nothing (typos) before the delay starts. */
  freeFailures: number;
  /** The delay after the first costly failure; it doubles with each further one... */
  firstDelayMs: number;
  /** ...up to this for one source... */
  maxSourceDelayMs: number;
  /** ...and this for one account tried from anywhere. */
  maxAccountDelayMs: number;
}

interface Counter {
  /** Failures (and attempts still being checked) since the last success or since they were forgotten. */
  failures: number;
  inFlight: number;
  /** The next attempt may be checked from then on (attempts queue behind each other). */
  nextAt: number;
  lastFailure: number;
}

/** A counter with no failure for this long is forgotten. */
const FORGET_MS = 15 * 60_000;
/** At most this many counters are kept (names and sources an attacker can invent are unbounded). */
const MAX_COUNTERS = 20_000;

export class SignInThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly settings: ThrottleSettings;

  constructor(settings: ThrottleSettings) {
    this.settings = settings;
  }

  /**
   * Books an attempt of `account` from `source` at `now`: the milliseconds it must wait before its
   * password is checked. Call `settle` once it has been checked.
   */
  reserve(account: string, source: string, now: number): number {
    this.forget(now);
    let at = now;
    for (const [key, max] of this.keys(account, source)) {
      const counter = this.counter(key, now);
      const start = Math.max(now, counter.nextAt);
      // This attempt counts as a failure until it is settled: the next one waits as if it failed.
      counter.nextAt = start + this.delay(counter.failures + counter.inFlight + 1, max);
      counter.inFlight++;
      at = Math.max(at, start);
    }
    return at - now;
  }

  /** The attempt booked with `reserve` was checked: a success clears the account's failures. */
  settle(account: string, source: string, succeeded: boolean, now: number): void {
    for (const [key] of this.keys(account, source)) {
      const counter = this.counter(key, now);
      counter.inFlight = Math.max(0, counter.inFlight - 1);
      if (!succeeded) {
        counter.failures++;
        counter.lastFailure = now;
      } else if (key.startsWith('account:')) {
        counter.failures = 0;
        counter.nextAt = now;
      } else {
        // A source is not cleared by a success (a guesser's own valid account must not reset it), but
        // it forgives the typos that came before one, so a shared control-room station stays quick.
        counter.failures = Math.max(0, counter.failures - this.settings.freeFailures - 1);
      }
    }
  }

  /** The account's recent failures and when its next attempt may be checked (for the Users display). */
  accountState(account: string, now: number): { failures: number; delayedUntil: number | null } {
    const counter = this.counters.get(`account:${account.toLowerCase()}`);
    if (!counter || now - counter.lastFailure > FORGET_MS) return { failures: 0, delayedUntil: null };
    const next = Math.max(counter.nextAt, counter.lastFailure + this.delay(counter.failures, this.settings.maxAccountDelayMs));
    return { failures: counter.failures, delayedUntil: next > now ? next : null };
  }

  /** An administrator's password reset clears the account's failures. */
  clearAccount(account: string): void {
    this.counters.delete(`account:${account.toLowerCase()}`);
  }

  private keys(account: string, source: string): [string, number][] {
    return [
      [`account:${account.toLowerCase()}`, this.settings.maxAccountDelayMs],
      [`source:${source}`, this.settings.maxSourceDelayMs],
    ];
  }

  /** The wait before the attempt that follows `failures` failures. */
  private delay(failures: number, max: number): number {
    const costly = failures - this.settings.freeFailures;
    if (costly < 0) return 0;
    return Math.min(max, this.settings.firstDelayMs * 2 ** Math.min(costly, 30));
  }

  private counter(key: string, now: number): Counter {
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { failures: 0, inFlight: 0, nextAt: 0, lastFailure: 0 };
      this.counters.set(key, counter);
    } else if (counter.failures > 0 && counter.inFlight === 0 && now - counter.lastFailure > FORGET_MS) {
      counter.failures = 0;
    }
    return counter;
  }

  private forget(now: number): void {
    if (this.counters.size < MAX_COUNTERS / 2) return;
    for (const [key, c] of this.counters) if (c.inFlight === 0 && now - c.lastFailure > FORGET_MS && c.nextAt <= now) this.counters.delete(key);
    // Still full (a flood of invented names): the oldest go first.
    for (const key of this.counters.keys()) {
      if (this.counters.size < MAX_COUNTERS) break;
      this.counters.delete(key);
    }
  }
}
