// Smoke: one worker process processes a few files end to end.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { uploadWork, versions, type WorkflowFixture, workflowFixture } from './helpers.ts';

let fx: WorkflowFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('a worker turns work files into processed outputs and announces them', async () => {
  fx = await workflowFixture();
  const complete = await fx.collect(fx.names.complete);
  const processing = await fx.collect(fx.names.processing);
  const worker = await fx.worker(['--replace', 'r42', '--lease-ms', '2000']);
  const units = await uploadWork(fx.storage, fx.names.workBucket, 3);
  expect(await eventually(() => new Set(complete.units()).size === 3, 20_000)).toBe(true);
  expect(complete.units().sort()).toEqual([...units].sort());
  expect(new Set(processing.units())).toEqual(new Set(units));
  const [content] = await fx.storage.bucket(fx.names.processedBucket).file('f-001.txt.processed').download();
  expect(content.toString()).toBe('file 1 rev r42 end');
  const attrs = complete.messages[0]!.attributes;
  expect(Object.keys(attrs).sort()).toEqual([
    'bucketId',
    'objectGeneration',
    'objectId',
    'unitKey',
    'workerId',
  ]);
  expect(attrs.workerId).toBe(worker.workerId);
  expect([...(await versions(fx.storage, fx.names.processedBucket)).values()].map((g) => g.length)).toEqual([
    1, 1, 1,
  ]);
  expect(await fx.redis.keys(fx.keys.claimPattern())).toEqual([]);
  // Events without a route (here OBJECT_DELETE) are acknowledged and left alone.
  await fx.pubsub.topic(fx.names.available).publishMessage({
    data: Buffer.from('{}'),
    attributes: {
      bucketId: fx.names.workBucket,
      objectId: 'f-000.txt',
      objectGeneration: '1',
      eventType: 'OBJECT_DELETE',
    },
  });
  const ignored = () => worker.logs().some((l) => l.msg === 'no handler for message, acked');
  expect(await eventually(ignored, 10_000)).toBe(true);
  expect(processing.messages).toHaveLength(3);
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toEqual({ code: 0, signal: null });
});

it('a worker whose subscription does not exist exits 1 and says which', async () => {
  fx = await workflowFixture();
  const worker = await fx.worker(['--subscription', 'no-such-subscription']);
  expect((await worker.exited).code).toBe(1);
  expect(worker.logs().find((l) => l.msg === 'subscription failed')?.error).toMatch(
    /does not exist|NOT_FOUND/i,
  );
});
