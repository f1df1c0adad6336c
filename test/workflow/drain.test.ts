// Acceptance 5: SIGTERM drains. In-flight units finish within the drain time, or are released
// at once (not left to lease expiry) when it runs out; no new units are taken; exit code 0.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { uploadWork, versions, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const claimed = (w: { logs(): Array<Record<string, unknown>> }) =>
  w
    .logs()
    .filter((l) => l.msg === 'claimed')
    .map((l) => String(l.unit));

it('finishes in-flight units on SIGTERM, takes no new ones, and exits 0', async () => {
  fx = await workflowFixture();
  const complete = await fx.collect(fx.names.complete);
  const args = ['--concurrency', '3', '--delay-ms', '2000', '--lease-ms', '20000', '--drain-ms', '15000'];
  const first = await fx.worker([...args, '--worker-id', 'first']);
  const units = await uploadWork(fx.storage, fx.names.workBucket, 6);
  expect(await eventually(() => claimed(first).length === 3, 15_000)).toBe(true);
  const inFlight = claimed(first);

  const signalledAt = Date.now();
  first.child.kill('SIGTERM');
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalledAt).toBeLessThan(10_000); // finished its work, did not sit out the 15 s
  // Exactly the in-flight units were finished by the draining worker, nothing else was started.
  expect(complete.units().sort()).toEqual([...inFlight].sort());
  expect(claimed(first).sort()).toEqual([...inFlight].sort());
  expect(await fx.redis.keys(fx.keys.claimPattern())).toEqual([]);

  const second = await fx.worker(['--worker-id', 'second', '--lease-ms', '2000']);
  expect(await eventually(() => new Set(complete.units()).size === 6, 30_000)).toBe(true);
  expect(new Set(complete.units())).toEqual(new Set(units));
  expect(
    [...(await versions(fx.storage, fx.names.processedBucket)).values()].every((g) => g.length === 1),
  ).toBe(true);
  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
}, 90_000);

it('releases in-flight units at once when the drain time runs out, and exits 0', async () => {
  fx = await workflowFixture();
  const complete = await fx.collect(fx.names.complete);
  const slow = ['--concurrency', '2', '--delay-ms', '60000', '--lease-ms', '30000', '--drain-ms', '500'];
  const first = await fx.worker([...slow, '--worker-id', 'first']);
  const units = await uploadWork(fx.storage, fx.names.workBucket, 2);
  expect(await eventually(() => claimed(first).length === 2, 15_000)).toBe(true);
  expect((await fx.redis.keys(fx.keys.claimPattern())).length).toBe(2);

  const signalledAt = Date.now();
  first.child.kill('SIGTERM');
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalledAt).toBeLessThan(10_000);
  // Released, not left to the 30 s lease: another worker can take them right away.
  expect(await fx.redis.keys(fx.keys.claimPattern())).toEqual([]);
  expect(first.logs().filter((l) => l.msg === 'drain timeout: unit released')).toHaveLength(2);
  expect(complete.messages).toEqual([]);

  const second = await fx.worker(['--worker-id', 'second', '--lease-ms', '2000']);
  expect(await eventually(() => new Set(complete.units()).size === 2, 20_000)).toBe(true);
  expect(new Set(complete.units())).toEqual(new Set(units));
  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
}, 90_000);
