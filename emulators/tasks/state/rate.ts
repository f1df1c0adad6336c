// RateLimits as a token bucket: it holds up to max_burst_size tokens, refills continuously at
// max_dispatches_per_second, and every dispatch takes one. Pure functions over a small record.

export interface RateLimits {
  maxDispatchesPerSecond: number;
  /** Output only: Cloud Tasks derives it from the rate. */
  maxBurstSize: number;
  maxConcurrentDispatches: number;
}

export const MAX_RATE = 500;
export const MAX_CONCURRENT = 5000;

/**
 * The burst Cloud Tasks would pick. Google does not publish its formula; the default queue
 * (500/s) shows 100, so the emulator uses a fifth of the rate, between 1 and 100.
 */
export function burstFor(maxDispatchesPerSecond: number): number {
  return Math.min(100, Math.max(1, Math.ceil(maxDispatchesPerSecond / 5)));
}

export const DEFAULT_RATE: RateLimits = {
  maxDispatchesPerSecond: MAX_RATE,
  maxBurstSize: burstFor(MAX_RATE),
  maxConcurrentDispatches: 1000,
};

export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

/** A full bucket, as a new or idle queue has. */
export const fullBucket = (limits: RateLimits, now: number): Bucket => ({
  tokens: limits.maxBurstSize,
  at: now,
});

export function refill(bucket: Bucket, limits: RateLimits, now: number): Bucket {
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(
    limits.maxBurstSize,
    bucket.tokens + (elapsed * limits.maxDispatchesPerSecond) / 1000,
  );
  return { tokens, at: Math.max(now, bucket.at) };
}

/** Takes one token when there is one: the new bucket, or undefined when empty. */
export function take(bucket: Bucket, limits: RateLimits, now: number): Bucket | undefined {
  const b = refill(bucket, limits, now);
  // A hair of tolerance: float refills land at 0.9999999 exactly at a token's time.
  return b.tokens >= 1 - 1e-9 ? { tokens: Math.max(0, b.tokens - 1), at: b.at } : undefined;
}

/** The earliest time a token is available (now when one already is). */
export function nextTokenAt(bucket: Bucket, limits: RateLimits, now: number): number {
  const b = refill(bucket, limits, now);
  if (b.tokens >= 1 - 1e-9) return now;
  return b.at + Math.ceil(((1 - b.tokens) * 1000) / limits.maxDispatchesPerSecond);
}
