// The bench's bounded loop: completes `total`, never exceeds its window, and stops on its time budget.
import { describe, expect, it } from 'vitest';
import { pump } from '../../bench/pump.ts';

describe('pump', () => {
  it('runs exactly total operations with at most `window` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await pump(500, 8, 10_000, async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(result.done).toBe(500);
    expect(peak).toBe(8);
  });

  it('stops issuing once the budget is spent and reports what completed', async () => {
    const result = await pump(Number.MAX_SAFE_INTEGER, 4, 50, () => new Promise((r) => setTimeout(r, 1)));
    expect(result.done).toBeGreaterThan(0);
    expect(result.ms).toBeLessThan(2000);
  });

  it('rejects with the first failure', async () => {
    await expect(
      pump(10, 2, 1000, async (i) => {
        if (i === 3) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });

  it('resolves at once for zero operations', async () => {
    expect((await pump(0, 4, 1000, async () => {})).done).toBe(0);
  });
});
