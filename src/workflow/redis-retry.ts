// Redis outages are waited out, not turned into lost or doubled work: a claim step that fails for
// a connection reason is retried with capped backoff; a refusal by a script (ClaimError) is final.
import type { Logger } from '../../emulators/common/index.ts';
import { ClaimError } from './claim-errors.ts';
import { abortableSleep } from './handler.ts';

export interface RetryOptions {
  logger: Logger;
  /** Give up (rethrow the last error) after this long. */
  maxMs: number;
  signal?: AbortSignal;
  /** What is being retried, for the log. */
  step: string;
}

/** Backoff for attempt n (0-based): 100 ms doubling, capped at 2 s. */
export const redisBackoffMs = (attempt: number): number => Math.min(2000, 100 * 2 ** attempt);

export async function withRedisRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.maxMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ClaimError || Date.now() >= deadline || options.signal?.aborted) throw err;
      options.logger.warn('redis unavailable, retrying', {
        step: options.step,
        attempt: attempt + 1,
        error: (err as Error).message,
      });
      await abortableSleep(
        Math.min(redisBackoffMs(attempt), Math.max(0, deadline - Date.now())),
        options.signal,
      );
    }
  }
}
