// RetryConfig as Cloud Scheduler documents it: the delay doubles max_doublings times from
// min_backoff, then grows linearly by min·2^max_doublings, capped at max_backoff; retries end at
// retry_count / max_retry_duration and never run past the job's next scheduled time.

export interface RetryPolicy {
  /** 0–5; 0 together with maxRetryDurationMs 0 means "never retry". */
  retryCount: number;
  /** Measured from the execution's first attempt; 0 = unlimited. */
  maxRetryDurationMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  maxDoublings: number;
}

/** The values Google fills in for fields a job leaves unset. */
export const DEFAULT_RETRY: RetryPolicy = {
  retryCount: 0,
  maxRetryDurationMs: 0,
  minBackoffMs: 5_000,
  maxBackoffMs: 3_600_000,
  maxDoublings: 5,
};

/**
 * Wait before retry number `k` (1 = first retry). With min 10s, max 300s, doublings 3 the
 * sequence is 10, 20, 40, 80, 160, 240, 300, 300 ... seconds.
 */
export function retryDelay(policy: RetryPolicy, k: number): number {
  const { minBackoffMs: min, maxBackoffMs: max, maxDoublings: d } = policy;
  const step = k - 1;
  const delay = step <= d ? min * 2 ** step : min * 2 ** d * (1 + step - d);
  return Math.min(max, delay);
}

export interface ExecutionSoFar {
  /** Retries already made (0 after the first attempt failed). */
  retriesMade: number;
  /** When the execution's first attempt started. */
  firstAttemptAt: number;
  /** When the attempt that just failed ended. */
  failedAt: number;
  /** The job's next scheduled run, if any: retries stop there. */
  nextScheduledAt?: number;
}

/** When to retry a failed attempt, or undefined when the execution is over. */
export function nextRetryAt(policy: RetryPolicy, run: ExecutionSoFar): number | undefined {
  const at = run.failedAt + retryDelay(policy, run.retriesMade + 1);
  const countLeft = run.retriesMade < policy.retryCount;
  const timeLeft = policy.maxRetryDurationMs > 0 && at - run.firstAttemptAt <= policy.maxRetryDurationMs;
  // With both limits set, retries go on until both are reached; a 0 duration means "count only".
  const allowed =
    policy.maxRetryDurationMs === 0 ? countLeft : policy.retryCount === 0 ? timeLeft : countLeft || timeLeft;
  if (!allowed) return undefined;
  if (run.nextScheduledAt !== undefined && at >= run.nextScheduledAt) return undefined;
  return at;
}
