import type { Value } from '../../common/data-value.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { SimAddress } from './address.ts';
import { Prng } from './prng.ts';

/** A generated value: what a function address reads, advanced by the driver's ticks. */
export interface Signal {
  /** The value as of the last `advance`. */
  value(): Value;
  advance(now: number, dtMs: number): void;
  /** Present only on signals that accept writes. */
  write?(value: Value): Result<void>;
}

export type SignalAddress = Exclude<SimAddress, { kind: 'model' }>;

/**
 * Periodic signals are functions of the clock (so every tag with the same address agrees); random walks
 * and counters keep state and move only when time passes.
 */
export function createSignal(address: SignalAddress, seed: number, now: number): Signal {
  switch (address.kind) {
    case 'sine':
    case 'ramp':
    case 'square':
      return new PeriodicSignal(address.kind, address.periodMs, address.min, address.max, now);
    case 'random':
      return new RandomWalk(address.min, address.max, seed);
    case 'counter':
      return new Counter(address.perSecond);
    case 'memory':
      return new Memory(address.initial);
  }
}

class PeriodicSignal implements Signal {
  readonly #shape: 'sine' | 'ramp' | 'square';
  readonly #periodMs: number;
  readonly #min: number;
  readonly #max: number;
  #t: number;

  constructor(shape: 'sine' | 'ramp' | 'square', periodMs: number, min: number, max: number, now: number) {
    this.#shape = shape;
    this.#periodMs = periodMs;
    this.#min = min;
    this.#max = max;
    this.#t = now;
  }

  value(): Value {
    const phase = (((this.#t % this.#periodMs) + this.#periodMs) % this.#periodMs) / this.#periodMs;
    const span = this.#max - this.#min;
    switch (this.#shape) {
      case 'sine':
        return this.#min + (span * (1 + Math.sin(2 * Math.PI * phase))) / 2;
      case 'ramp':
        return this.#min + span * phase;
      case 'square':
        return phase < 0.5 ? this.#min : this.#max;
    }
  }

  advance(now: number): void {
    this.#t = now;
  }
}

class RandomWalk implements Signal {
  readonly #rng: Prng;
  readonly #min: number;
  readonly #max: number;
  #value: number;

  constructor(min: number, max: number, seed: number) {
    this.#rng = new Prng(seed);
    this.#min = min;
    this.#max = max;
    this.#value = (min + max) / 2;
  }

  value(): Value {
    return this.#value;
  }

  advance(_now: number, dtMs: number): void {
    if (dtMs <= 0) return;
    const span = this.#max - this.#min;
    let next = this.#value + span * 0.05 * Math.sqrt(dtMs / 1000) * this.#rng.normal();
    // Reflect at the bounds (twice covers any step up to one span), then clamp for safety.
    if (next > this.#max) next = 2 * this.#max - next;
    if (next < this.#min) next = 2 * this.#min - next;
    this.#value = Math.min(this.#max, Math.max(this.#min, next));
  }
}

class Counter implements Signal {
  readonly #perSecond: number;
  #count = 0;

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
  }

  value(): Value {
    return Math.floor(this.#count);
  }

  advance(_now: number, dtMs: number): void {
    if (dtMs > 0) this.#count += (this.#perSecond * dtMs) / 1000;
  }
}

class Memory implements Signal {
  #value: Value;

  constructor(initial: Value) {
    this.#value = initial;
  }

  value(): Value {
    return this.#value;
  }

  advance(): void {}

  /** Keeps the type of its initial value, as a PLC memory word would. */
  write(value: Value): Result<void> {
    if (typeof value !== typeof this.#value) {
      return fail('type-mismatch', `this memory holds a ${typeof this.#value}, not a ${value === null ? 'null' : typeof value}`);
    }
    this.#value = value;
    return ok(undefined);
  }
}
