// Unit tests of the token bucket behind RateLimits: burst, refill at the rate, next token time.
import { expect, test } from 'vitest';
import { burstFor, fullBucket, nextTokenAt, type RateLimits, take } from './rate.ts';

const limits = (rate: number): RateLimits => ({
  maxDispatchesPerSecond: rate,
  maxBurstSize: burstFor(rate),
  maxConcurrentDispatches: 1000,
});

test('burst derives from the rate: 100 for the default 500/s, at least 1', () => {
  expect(burstFor(500)).toBe(100);
  expect(burstFor(20)).toBe(4);
  expect(burstFor(0.5)).toBe(1);
});

test('a full bucket gives the burst at once, then one token per 1/rate', () => {
  const l = limits(20);
  let b = fullBucket(l, 0);
  for (let i = 0; i < 4; i++) b = take(b, l, 0) ?? b;
  expect(take(b, l, 0)).toBeUndefined();
  expect(nextTokenAt(b, l, 0)).toBe(50);
  expect(take(b, l, 49)).toBeUndefined();
  const after = take(b, l, 50);
  expect(after?.tokens).toBeCloseTo(0, 6);
});

test('over a long run dispatches never exceed burst + rate × time', () => {
  const l = limits(20);
  let b = fullBucket(l, 0);
  const times: number[] = [];
  let now = 0;
  while (times.length < 100) {
    const t = take(b, l, now);
    if (t) {
      b = t;
      times.push(now);
    } else now = nextTokenAt(b, l, now);
  }
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) {
      const window = (times[j] as number) - (times[i] as number);
      expect(j - i + 1).toBeLessThanOrEqual(l.maxBurstSize + Math.floor((window * 20) / 1000) + 1e-9);
    }
  }
  expect(times.at(-1)).toBe(((100 - 4) * 1000) / 20);
});
