// Unit tests of the default scheduler clock: wall time that `advance` can jump forward.
import { expect, test } from 'vitest';
import { offsetClock } from './offset-clock.ts';

test('timers fire in real time', async () => {
  const clock = offsetClock();
  const fired = await new Promise<number>((resolve) => {
    const start = Date.now();
    clock.setTimer(clock.now() + 50, () => resolve(Date.now() - start));
  });
  expect(fired).toBeGreaterThanOrEqual(45);
  expect(fired).toBeLessThan(1_000);
  clock.close();
});

test('advance jumps ahead, firing due timers in time order, each at its own time', async () => {
  const clock = offsetClock();
  const t0 = clock.now();
  const seen: Array<[string, number]> = [];
  clock.setTimer(t0 + 2 * 3_600_000, () => seen.push(['2h', clock.now() - t0]));
  clock.setTimer(t0 + 1_800_000, () => seen.push(['30m', clock.now() - t0]));
  const cancel = clock.setTimer(t0 + 3_600_000, () => seen.push(['cancelled', 0]));
  cancel();
  await clock.advance(3_600_000);
  expect(seen.map(([what]) => what)).toEqual(['30m']);
  expect(seen[0]?.[1]).toBeGreaterThanOrEqual(1_800_000);
  expect(seen[0]?.[1]).toBeLessThan(1_800_000 + 1_000);
  expect(clock.now() - t0).toBeGreaterThanOrEqual(3_600_000);
  await clock.advanceTo(t0); // never backwards
  expect(clock.now() - t0).toBeGreaterThanOrEqual(3_600_000);
  clock.close();
});
