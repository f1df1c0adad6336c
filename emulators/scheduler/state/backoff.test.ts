// Unit tests of the documented RetryConfig formula and when retries stop.
import { describe, expect, test } from 'vitest';
import { DEFAULT_RETRY, nextRetryAt, type RetryPolicy, retryDelay } from './backoff.ts';

const S = 1000;
const policy = (p: Partial<RetryPolicy>): RetryPolicy => ({ ...DEFAULT_RETRY, ...p });

describe('retryDelay', () => {
  test('matches the documented example: 10s, 20s, 40s, 80s, 160s, 240s, 300s, 300s', () => {
    const p = policy({ minBackoffMs: 10 * S, maxBackoffMs: 300 * S, maxDoublings: 3 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((k) => retryDelay(p, k) / S)).toEqual([
      10, 20, 40, 80, 160, 240, 300, 300,
    ]);
  });

  test('defaults (5s, 1h, 5 doublings) double five times before growing linearly', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((k) => retryDelay(DEFAULT_RETRY, k) / S)).toEqual([
      5, 10, 20, 40, 80, 160, 320, 480,
    ]);
  });
});

describe('nextRetryAt', () => {
  const base = { firstAttemptAt: 0, failedAt: 0 };

  test('never retries with retry_count 0 and no max_retry_duration', () => {
    expect(nextRetryAt(DEFAULT_RETRY, { ...base, retriesMade: 0 })).toBeUndefined();
  });

  test('retries retry_count times, then stops', () => {
    const p = policy({ retryCount: 2, minBackoffMs: S });
    expect(nextRetryAt(p, { ...base, retriesMade: 0 })).toBe(S);
    expect(nextRetryAt(p, { ...base, retriesMade: 1, failedAt: S })).toBe(3 * S);
    expect(nextRetryAt(p, { ...base, retriesMade: 2, failedAt: 3 * S })).toBeUndefined();
  });

  test('max_retry_duration alone bounds retries by time since the first attempt', () => {
    const p = policy({ maxRetryDurationMs: 10 * S, minBackoffMs: 4 * S, maxDoublings: 1 });
    expect(nextRetryAt(p, { ...base, retriesMade: 0 })).toBe(4 * S);
    expect(nextRetryAt(p, { ...base, retriesMade: 1, failedAt: 4 * S })).toBeUndefined(); // 12s > 10s
  });

  test('with both limits set, retries continue until both are reached', () => {
    const p = policy({ retryCount: 1, maxRetryDurationMs: 60 * S, minBackoffMs: 10 * S, maxDoublings: 0 });
    // Count used up, time left: the 4th retry waits 40s (linear, no doublings) and still fits in 60s.
    expect(nextRetryAt(p, { ...base, retriesMade: 3, failedAt: 10 * S })).toBe(50 * S);
    // Time used up, count left: still retried.
    expect(nextRetryAt(p, { ...base, retriesMade: 0, failedAt: 100 * S })).toBe(110 * S);
    // Both used up.
    expect(nextRetryAt(p, { ...base, retriesMade: 1, failedAt: 100 * S })).toBeUndefined();
  });

  test('no retry at or after the next scheduled run', () => {
    const p = policy({ retryCount: 5, minBackoffMs: 40 * S });
    expect(nextRetryAt(p, { ...base, retriesMade: 0, nextScheduledAt: 60 * S })).toBe(40 * S);
    expect(
      nextRetryAt(p, { ...base, retriesMade: 1, failedAt: 40 * S, nextScheduledAt: 60 * S }),
    ).toBeUndefined();
  });
});
