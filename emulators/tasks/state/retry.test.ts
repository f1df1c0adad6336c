// Unit tests of the RetryConfig maths: the documented doubling-then-linear sequence and when
// retries end (max_attempts and max_retry_duration both used up).
import { expect, test } from 'vitest';
import { DEFAULT_RETRY, nextAttemptAt, type RetryPolicy, retryDelay } from './retry.ts';

const policy = (p: Partial<RetryPolicy>): RetryPolicy => ({ ...DEFAULT_RETRY, ...p });

test("the reference's example: min 10s, max 300s, 3 doublings", () => {
  const p = policy({ minBackoffMs: 10_000, maxBackoffMs: 300_000, maxDoublings: 3 });
  const delays = Array.from({ length: 9 }, (_, i) => retryDelay(p, i + 1) / 1000);
  expect(delays).toEqual([10, 20, 40, 80, 160, 240, 300, 300, 300]);
});

test('min 1s, max 10s, 2 doublings: 1, 2, 4, then +4 linear (8), capped at 10', () => {
  const p = policy({ minBackoffMs: 1_000, maxBackoffMs: 10_000, maxDoublings: 2 });
  expect([1, 2, 3, 4, 5, 6].map((k) => retryDelay(p, k) / 1000)).toEqual([1, 2, 4, 8, 10, 10]);
});

test('zero doublings grows linearly by min_backoff', () => {
  const p = policy({ minBackoffMs: 5_000, maxBackoffMs: 60_000, maxDoublings: 0 });
  expect([1, 2, 3, 4].map((k) => retryDelay(p, k) / 1000)).toEqual([5, 10, 15, 20]);
});

test('max_attempts ends retries when there is no age limit; -1 never does', () => {
  const p = policy({ maxAttempts: 3, minBackoffMs: 1_000 });
  const run = (attempts: number) => nextAttemptAt(p, { attempts, firstAttemptAt: 0, failedAt: 100 });
  expect(run(1)).toBe(1_100);
  expect(run(2)).toBe(2_100);
  expect(run(3)).toBeUndefined();
  const unlimited = policy({ maxAttempts: -1 });
  expect(nextAttemptAt(unlimited, { attempts: 10_000, firstAttemptAt: 0, failedAt: 0 })).toBeDefined();
});

test('with both limits set, retries go on until both are used up', () => {
  const p = policy({ maxAttempts: 2, maxRetryDurationMs: 60_000, minBackoffMs: 1_000, maxDoublings: 0 });
  expect(nextAttemptAt(p, { attempts: 5, firstAttemptAt: 0, failedAt: 30_000 })).toBeDefined();
  expect(nextAttemptAt(p, { attempts: 5, firstAttemptAt: 0, failedAt: 60_000 })).toBeUndefined();
  expect(nextAttemptAt(p, { attempts: 1, firstAttemptAt: 0, failedAt: 90_000 })).toBeDefined();
});
