// The reference workflow with fake-gcs-server as the storage backend: our Pub/Sub emulator and
// Redis, fake-gcs-server's notifications (start flags, since it has no notificationConfigs API)
// publishing to `available`, and real `devkit worker` processes reaching it through
// STORAGE_EMULATOR_HOST alone. Every unit is processed exactly once.
import { randomUUID } from 'node:crypto';
import type { Message, PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { detectStorageBackend, fakeGcsNotificationFlags } from '../../../src/clients/fake-gcs-server.ts';
import { resolveConfig } from '../../../src/config/index.ts';
import { type StartedStack, startStack } from '../../../src/stack/index.ts';
import {
  createWorkflowRuntime,
  type ReferenceNames,
  referenceNames,
  type WorkflowRuntime,
} from '../../../src/workflow/index.ts';
import { eventually } from '../../helpers/processes.ts';
import { type DevkitChild, startChild, uploadWork, versions } from '../../workflow/helpers.ts';
import { describeWith } from '../prerequisites.ts';
import { findFakeGcsServer, INSTALL_HINT, type StartedFakeGcsServer, startFakeGcsServer } from './server.ts';

const binary = findFakeGcsServer();

/**
 * The reference topology minus the bucket notification, which fake-gcs-server takes as start
 * flags instead (see fakeGcsNotificationFlags): buckets, topics, the worker subscription with
 * its dead-letter policy.
 */
async function provisionWithoutNotification(runtime: WorkflowRuntime, names: ReferenceNames): Promise<void> {
  await runtime.storage.createBucket(names.workBucket);
  await runtime.storage.createBucket(names.processedBucket, { versioning: { enabled: true } });
  for (const topic of [names.available, names.processing, names.complete, names.dead]) {
    await runtime.pubsub.createTopic(topic);
  }
  await runtime.pubsub.topic(names.available).createSubscription(names.workerSubscription, {
    ackDeadlineSeconds: 10,
    deadLetterPolicy: { deadLetterTopic: runtime.pubsub.topic(names.dead).name, maxDeliveryAttempts: 5 },
    retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 10 } },
  });
}

async function collect(pubsub: PubSub, topic: string): Promise<Message[]> {
  const [subscription] = await pubsub.topic(topic).createSubscription(`collect-${randomUUID().slice(0, 8)}`);
  const messages: Message[] = [];
  subscription.on('message', (m: Message) => {
    messages.push(m);
    m.ack();
  });
  return messages;
}

describeWith(
  'the workflow with fake-gcs-server as storage backend',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    let stack: StartedStack;
    let fake: StartedFakeGcsServer;
    let runtime: WorkflowRuntime;
    let env: Record<string, string>;
    const suffix = randomUUID().slice(0, 8);
    const names = referenceNames(suffix);
    const prefix = `fgcs-${suffix}`;
    const workers: DevkitChild[] = [];

    beforeAll(async () => {
      stack = await startStack({ services: ['pubsub'], ports: { pubsub: 0 } });
      const project = stack.env.GOOGLE_CLOUD_PROJECT!;
      fake = await startFakeGcsServer({
        binary: binary!,
        pubsubHost: stack.env.PUBSUB_EMULATOR_HOST,
        flags: fakeGcsNotificationFlags({
          topic: `projects/${project}/topics/${names.available}`,
          bucket: names.workBucket,
          eventTypes: ['OBJECT_FINALIZE'],
        }),
      });
      env = { ...stack.env, STORAGE_EMULATOR_HOST: fake.url, STORAGE_BACKEND: 'fake-gcs-server' };
      runtime = createWorkflowRuntime(resolveConfig({ env, services: ['pubsub', 'storage'] }), {
        keyPrefix: prefix,
      });
      await provisionWithoutNotification(runtime, names);
    }, 60_000);

    afterAll(async () => {
      for (const w of workers)
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await runtime?.close();
      await fake?.stop();
      await stack?.stop();
    });

    it('is what STORAGE_BACKEND says, and what detection finds', async () => {
      await expect(detectStorageBackend(fake.url, env)).resolves.toBe('fake-gcs-server');
      await expect(detectStorageBackend(fake.url, {})).resolves.toBe('fake-gcs-server');
    });

    it('two devkit workers process every work file exactly once', async () => {
      const complete = await collect(runtime.pubsub, names.complete);
      const args = [
        ...['--subscription', names.workerSubscription, '--processed-bucket', names.processedBucket],
        ...['--processing-topic', names.processing, '--complete-topic', names.complete],
        ...['--key-prefix', prefix, '--lease-ms', '3000', '--concurrency', '2', '--replace', 'done'],
      ];
      for (const id of ['w1', 'w2'])
        workers.push(await startChild(['worker', ...args, '--worker-id', id], env));

      const units = await uploadWork(runtime.storage, names.workBucket, 20);
      const completed = () => new Set(complete.map((m) => m.attributes.unitKey));
      const finished = await eventually(() => completed().size === 20, 45_000);
      const diagnostics = () =>
        [fake.output(), ...workers.map((w) => JSON.stringify(w.logs().slice(-15), null, 1))].join('\n');
      expect(finished, `${completed().size} of 20 completed\n${diagnostics()}`).toBe(true);
      expect([...completed()].sort()).toEqual([...units].sort());

      const outputs = await versions(runtime.storage, names.processedBucket);
      expect(outputs.size).toBe(20);
      expect([...outputs.values()].every((generations) => generations.length === 1)).toBe(true);
      const [content] = await runtime.storage
        .bucket(names.processedBucket)
        .file('f-007.txt.processed')
        .download();
      expect(content.toString()).toBe('file 7 rev done end');
      expect(await runtime.redis.keys(runtime.keys.claimPattern())).toEqual([]);
      expect((await runtime.redis.keys(`${prefix}:done:*`)).length).toBe(20);

      for (const w of workers) w.child.kill('SIGTERM');
      for (const w of workers) expect(await w.exited).toEqual({ code: 0, signal: null });
    }, 90_000);

    it('a scenario reset (delete_all) removes the buckets too, so the topology is applied again', async () => {
      await fake.client.deleteAll();
      expect((await runtime.storage.bucket(names.workBucket).exists())[0]).toBe(false);
      await runtime.storage.createBucket(names.workBucket);
      await runtime.storage.bucket(names.workBucket).file('again.txt').save('x');
      expect((await runtime.storage.bucket(names.workBucket).getFiles())[0].map((f) => f.name)).toEqual([
        'again.txt',
      ]);
    });
  },
);
