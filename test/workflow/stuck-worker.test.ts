// Acceptance 3: a worker frozen (SIGSTOP) mid-unit loses its lease; another worker takes the unit
// over. When the frozen one wakes it must not overwrite the output, announce complete or mark done.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { publishDuplicate, uploadWork, versions, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('a worker whose lease expired while stuck cannot write, announce or complete the unit', async () => {
  fx = await workflowFixture();
  const complete = await fx.collect(fx.names.complete);
  const stuck = await fx.worker(['--worker-id', 'stuck', '--lease-ms', '1000', '--delay-ms', '4000']);
  const [unit] = await uploadWork(fx.storage, fx.names.workBucket, 1);
  const claimedBy = (w: typeof stuck) => () => w.logs().some((l) => l.msg === 'claimed' && l.unit === unit);
  expect(await eventually(claimedBy(stuck), 15_000)).toBe(true);

  stuck.child.kill('SIGSTOP');
  try {
    // The frozen worker cannot beat: its lease runs out, and so does the message's ack deadline.
    expect(await eventually(async () => (await fx!.redis.exists(fx!.keys.claim(unit!))) === 0, 5000)).toBe(
      true,
    );
    // A second worker on its own subscription gets a duplicate notification of the unit (a frozen
    // client keeps its streams open, so redelivery on one subscription could go back to it).
    const [second] = await fx.pubsub
      .topic(fx.names.available)
      .createSubscription(`${fx.names.workerSubscription}-b`);
    const fresh = await fx.worker([
      ...['--subscription', second.name.split('/').pop()!],
      ...['--worker-id', 'fresh', '--lease-ms', '1000', '--delay-ms', '3000'],
    ]);
    await publishDuplicate(fx, unit!);
    expect(await eventually(claimedBy(fresh), 30_000)).toBe(true);
    expect(await fx.redis.get(fx.keys.claim(unit!))).toMatch(/^fresh:/);
  } finally {
    stuck.child.kill('SIGCONT');
  }
  // Awake again while `fresh` holds the unit: the token check refuses the old lease.
  const lostLog = () => stuck.logs().some((l) => l.unit === unit && String(l.msg).startsWith('lease lost'));
  expect(await eventually(lostLog, 10_000)).toBe(true);
  expect(await eventually(() => complete.units().includes(unit!), 15_000)).toBe(true);

  expect(complete.messages.map((m) => m.attributes.workerId)).toEqual(['fresh']);
  expect((await fx.redis.get(fx.keys.done(unit!)))?.startsWith('fresh:')).toBe(true);
  const outputs = await versions(fx.storage, fx.names.processedBucket);
  expect([...outputs.values()]).toEqual([[expect.any(String)]]);
  const [meta] = await fx.storage.bucket(fx.names.processedBucket).file('f-000.txt.processed').getMetadata();
  expect(meta.metadata?.workerId).toBe('fresh');
  const stuckMsgs = stuck
    .logs()
    .filter((l) => l.unit === unit)
    .map((l) => l.msg);
  expect(stuckMsgs).not.toContain('output written');
  expect(stuckMsgs).not.toContain('completed');
  expect(await fx.redis.keys(fx.keys.claimPattern())).toEqual([]);

  // The woken worker is healthy: it drains and exits 0.
  stuck.child.kill('SIGTERM');
  expect(await stuck.exited).toEqual({ code: 0, signal: null });
}, 90_000);
