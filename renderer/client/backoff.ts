export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000 };

/** Delay before reconnect attempt `attempt` (0-based): doubling, capped, with ±20 % jitter so clients don't stampede. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 20));
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(options.maxMs, base * jitter));
}
