/**
 * The wait before reconnect attempt `attempt` (0 = first after a failure): doubling from minMs, capped
 * at maxMs, then spread by ± jitter so many devices that failed together do not retry in step.
 */
export function backoffDelay(attempt: number, policy: { minMs: number; maxMs: number; jitter: number }, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.minMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random() - 1))));
}
