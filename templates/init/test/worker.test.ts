// The worker's flow on the local stack: this file gets its own names (work-<id>, ...) so test
// files run in parallel, and reset() empties them between tests.
import { createLogger, createWorker, unitKey } from 'gcp-devkit';
import { createTestKit } from 'gcp-devkit/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { uppercase } from '../src/handler.ts';

const kit = createTestKit();
beforeAll(() => kit.provisionReferenceTopology());
afterEach(() => kit.reset());
afterAll(() => kit.close());

function startWorker() {
  const worker = createWorker({
    pubsub: kit.pubsub,
    storage: kit.storage,
    redis: kit.redis,
    keys: kit.keys,
    logger: createLogger('warn'),
    subscription: kit.names.workerSubscription,
    handler: uppercase(kit.names.processedBucket),
    topics: { processing: kit.names.processing, complete: kit.names.complete },
  });
  worker.start();
  return worker;
}

it('upper-cases an uploaded work file, and marks its unit done', async () => {
  await using _worker = startWorker();
  const file = kit.storage.bucket(kit.names.workBucket).file('in/hello.txt');
  await file.save('hello, world', { resumable: false });
  const output = await kit.waitForObject(kit.names.processedBucket, 'in/hello.txt.processed');
  expect(output.toString()).toBe('HELLO, WORLD');
  await kit.waitForUnit(unitKey(kit.names.workBucket, file.name, String(file.metadata.generation)));
});

it('announces the completed unit on the complete topic', async () => {
  await using _worker = startWorker();
  const [watch] = await kit.pubsub.topic(kit.names.complete).createSubscription(kit.name('watch'));
  const file = kit.storage.bucket(kit.names.workBucket).file('in/second.txt');
  await file.save('again', { resumable: false });
  const message = await kit.waitForMessage(watch.name, (m) => m.attributes.objectId === 'in/second.txt');
  expect(message.attributes.bucketId).toBe(kit.names.workBucket);
});
