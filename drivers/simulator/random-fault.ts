import type { Prng } from './prng.ts';

export interface RandomFaultSpec {
  /** Mean running time between faults (s). */
  meanIntervalS: number;
  /** A fault lasts between minS and maxS (uniform). */
  minS: number;
  maxS: number;
}

/** A fault that strikes at random while its machine runs and clears by itself after a while. */
export class RandomFault {
  readonly #rng: Prng;
  readonly #spec: RandomFaultSpec;
  #untilNextS: number;
  #remainingS = 0;

  constructor(rng: Prng, spec: RandomFaultSpec) {
    this.#rng = rng;
    this.#spec = spec;
    this.#untilNextS = rng.exponential(spec.meanIntervalS);
  }

  get active(): boolean {
    return this.#remainingS > 0;
  }

  /** Advances by dt seconds; the time to the next fault only runs while `running`. */
  advance(dt: number, running: boolean): void {
    if (this.#remainingS > 0) {
      this.#remainingS -= dt;
      if (this.#remainingS <= 0) {
        this.#remainingS = 0;
        this.#untilNextS = this.#rng.exponential(this.#spec.meanIntervalS);
      }
    } else if (running) {
      this.#untilNextS -= dt;
      if (this.#untilNextS <= 0) this.#remainingS = this.#rng.between(this.#spec.minS, this.#spec.maxS);
    }
  }
}
