/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS Architecture Blog): the
 * wait before retry n is uniform in [0, min(cap, base·2ⁿ)). Clients that failed together (every device
 * on a dropped network, every browser of a restarted station, every MES stream of an outage) spread out
 * over the whole window instead of retrying in step, and the ceiling still bounds how often a dead peer
 * is asked. The one backoff of the code base: drivers, MES delivery and the renderer's client use it.
 */
export interface BackoffPolicy {
  /** The ceiling of the first wait (ms); it doubles with each further attempt. */
  baseMs: number;
  /** The ceiling never grows past this (ms). */
  capMs: number;
}

/** Past this many doublings every sane base has reached its cap; it keeps 2ⁿ finite. */
const MAX_DOUBLINGS = 30;

/** The upper bound of the wait before retry `attempt` (0 = the first after a failure): min(cap, base·2ⁿ). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), MAX_DOUBLINGS);
  return Math.max(0, Math.min(policy.capMs, policy.baseMs * 2 ** doublings));
}

/**
 * The wait before retry `attempt` (0 = the first after a failure): a whole number of ms, uniform in
 * [0, ceiling). `random` returns [0, 1) like `Math.random`; tests pass a seeded one.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
