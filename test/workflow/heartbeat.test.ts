// The heartbeat keeps a long unit with its worker: the Redis lease (1.5 s) and the message's ack
// deadline (10 s) are both extended while the handler works for 14 s, so no other worker claims
// it and Pub/Sub does not hand it out again.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { uploadWork, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('extends lease and ack deadline while a unit outlives both', async () => {
  fx = await workflowFixture();
  const complete = await fx.collect(fx.names.complete);
  const processing = await fx.collect(fx.names.processing);
  const slow = await fx.worker(['--worker-id', 'slow', '--lease-ms', '1500', '--delay-ms', '14000']);
  const [unit] = await uploadWork(fx.storage, fx.names.workBucket, 1);
  expect(await eventually(() => slow.logs().some((l) => l.msg === 'claimed'), 15_000)).toBe(true);
  const claimedAt = Date.now();
  const other = await fx.worker(['--worker-id', 'other', '--lease-ms', '1500']);

  // Well past both the lease and the ack deadline, the unit is still slow's alone.
  await new Promise((r) => setTimeout(r, claimedAt + 11_500 - Date.now()));
  expect(await fx.redis.get(fx.keys.claim(unit!))).toMatch(/^slow:/);
  const pttl = await fx.redis.pttl(fx.keys.claim(unit!));
  expect(pttl).toBeGreaterThan(0);
  expect(pttl).toBeLessThanOrEqual(1500);

  expect(await eventually(() => complete.units().includes(unit!), 15_000)).toBe(true);
  await new Promise((r) => setTimeout(r, 500));
  expect(complete.messages.map((m) => m.attributes.workerId)).toEqual(['slow']);
  expect(processing.messages).toHaveLength(1);
  // Pub/Sub never redelivered it: the other worker saw no copy, not even a duplicate to ack.
  expect(other.logs().filter((l) => l.unit === unit)).toEqual([]);
  expect(slow.logs().filter((l) => l.msg === 'claimed')).toHaveLength(1);
  expect(slow.logs().filter((l) => l.msg === 'duplicate of a done unit')).toEqual([]);
  for (const w of [slow, other]) w.child.kill('SIGTERM');
  for (const w of [slow, other]) expect((await w.exited).code).toBe(0);
}, 60_000);
