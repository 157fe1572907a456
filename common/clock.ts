/** Where the runtime reads the time: `Date` in production, a clock tests move by hand (test/support/manual-clock.ts). */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
