// Unit tests of pure helpers: the deadline heap and the retry backoff formula.
import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from '../../emulators/pubsub/state/deadline-heap.ts';
import { retryBackoffMs } from '../../emulators/pubsub/state/entry.ts';

describe('DeadlineHeap (pure)', () => {
  it('pops due items in time order, ties in insertion order, and nothing early', () => {
    const heap = new DeadlineHeap<string>();
    const input: [number, string][] = [];
    for (let i = 0; i < 2000; i++) input.push([Math.floor(Math.random() * 500), `i${i}`]);
    for (const [at, item] of input) heap.push(at, item);
    expect(heap.popDue(-1)).toBeUndefined();
    const out: string[] = [];
    for (let item = heap.popDue(250); item; item = heap.popDue(250)) out.push(item);
    const expected = input
      .map(([at, item], i) => ({ at, item, i }))
      .filter((x) => x.at <= 250)
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map((x) => x.item);
    expect(out).toEqual(expected);
    expect(heap.peekTime()).toBeGreaterThan(250);
    expect(heap.size).toBe(input.length - out.length);
  });

  it('computes the retry policy backoff as min·2^(n-1) capped at max', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryBackoffMs(10_000, 600_000, n))).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000,
    ]);
    expect(retryBackoffMs(10_000, 30_000, 9)).toBe(30_000);
    expect(retryBackoffMs(0, 30_000, 3)).toBe(0);
  });
});
