// Retry delays for notification publishing: exponential with jitter, capped.

/** Delay before retry number `attempt` (1-based): 100 ms doubling to `capMs`, ±20 % jitter. */
export function backoffDelay(attempt: number, capMs = 10_000, random: () => number = Math.random): number {
  const base = Math.min(capMs, 100 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
