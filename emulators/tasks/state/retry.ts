// RetryConfig as Cloud Tasks documents it: the interval starts at min_backoff, doubles
// max_doublings times, then grows linearly by 2^max_doublings · min_backoff, capped at max_backoff.
// Retries stop once max_attempts *and* max_retry_duration are both used up.

export interface RetryPolicy {
  /** Attempts per task including the first; −1 = unlimited. */
  maxAttempts: number;
  /** Measured from the first attempt; 0 = no age limit. */
  maxRetryDurationMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  maxDoublings: number;
}

/** What Cloud Tasks picks for fields a queue leaves unset (gcloud's documented defaults). */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 100,
  maxRetryDurationMs: 0,
  minBackoffMs: 100,
  maxBackoffMs: 3_600_000,
  maxDoublings: 16,
};

/**
 * Wait before retry `k` (1 = the first retry). min 10s, max 300s, 3 doublings gives
 * 10, 20, 40, 80, 160, 240, 300, 300 … seconds, the example in RetryConfig's reference.
 */
export function retryDelay(policy: RetryPolicy, k: number): number {
  const { minBackoffMs: min, maxBackoffMs: max, maxDoublings: d } = policy;
  const step = Math.max(0, k - 1);
  const delay = step <= d ? min * 2 ** step : min * 2 ** d * (1 + step - d);
  return Math.min(max, delay);
}

export interface AttemptsSoFar {
  /** Attempts dispatched so far, the failed one included. */
  attempts: number;
  firstAttemptAt: number;
  /** When the failed attempt ended (or, for RunTask, when it was forced). */
  failedAt: number;
}

/** When the next attempt is due, or undefined when the task has failed permanently. */
export function nextAttemptAt(policy: RetryPolicy, run: AttemptsSoFar): number | undefined {
  const attemptsUsed = policy.maxAttempts !== -1 && run.attempts >= policy.maxAttempts;
  const ageUsed =
    policy.maxRetryDurationMs === 0 || run.failedAt - run.firstAttemptAt >= policy.maxRetryDurationMs;
  if (attemptsUsed && ageUsed) return undefined;
  return run.failedAt + retryDelay(policy, run.attempts);
}
