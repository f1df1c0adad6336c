// Pub/Sub targets against the kit's Pub/Sub emulator: run-now and clock-advanced firings publish
// exactly the job's data and attributes; a missing topic shows up in the job's status.
import { randomUUID } from 'node:crypto';
import { PubSub, v1 } from '@google-cloud/pubsub';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, test } from 'vitest';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { jobName, PARENT, PROJECT, startFixture } from './helpers.ts';

/** Synchronous pulls until `want` messages came (or 5 s passed); acks what it gets. */
async function pullAll(address: string, subscription: string, want: number) {
  const i = address.lastIndexOf(':');
  const client = new v1.SubscriberClient({
    apiEndpoint: address.slice(0, i),
    port: Number(address.slice(i + 1)),
    sslCreds: grpc.credentials.createInsecure(),
  });
  try {
    const got: Array<{ data: string; attributes: Record<string, string> }> = [];
    const giveUp = Date.now() + 5_000;
    while (got.length < want && Date.now() < giveUp) {
      const [res] = await client.pull({ subscription, maxMessages: 10 }, { timeout: 2_000 });
      for (const m of res.receivedMessages ?? []) {
        got.push({
          data: Buffer.from(m.message?.data ?? '').toString(),
          attributes: { ...m.message?.attributes },
        });
        await client.acknowledge({ subscription, ackIds: [m.ackId ?? ''] });
      }
    }
    return got;
  } finally {
    await client.close();
  }
}

describe('Pub/Sub targets', () => {
  test('RunJob and clock-advanced firings publish the exact data and attributes', async () => {
    await using ps = await startPubSubEmulator({ port: 0 });
    await using f = await startFixture({ pubsubHost: ps.address, start: '2026-01-01T00:00:00Z' });
    const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: ps.address });
    const topicId = `tick-${randomUUID().slice(0, 8)}`;
    const [topic] = await pubsub.createTopic(topicId);
    await topic.createSubscription(`${topicId}-sub`);
    const name = jobName('publish');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 * * * *',
        pubsubTarget: {
          topicName: `projects/${PROJECT}/topics/${topicId}`,
          data: Buffer.from('{"download":"hourly"}'),
          attributes: { kind: 'download', source: 'scheduler' },
        },
      },
    });
    await f.client.runJob({ name });
    await f.emulator.settle();
    await f.emulator.advance(2 * 3_600_000);
    const got = await pullAll(ps.address, `projects/${PROJECT}/subscriptions/${topicId}-sub`, 3);
    expect(got).toEqual(
      Array(3).fill({ data: '{"download":"hourly"}', attributes: { kind: 'download', source: 'scheduler' } }),
    );
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(0);
    expect(new Date(Number(job.lastAttemptTime?.seconds) * 1000).toISOString()).toBe(
      '2026-01-01T02:00:00.000Z',
    );
    await pubsub.close();
  });

  test('attributes alone are a valid message; a missing topic fails the attempt with NOT_FOUND', async () => {
    await using ps = await startPubSubEmulator({ port: 0 });
    await using f = await startFixture({ pubsubHost: ps.address });
    const name = jobName('no-topic');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 * * * *',
        pubsubTarget: {
          topicName: `projects/${PROJECT}/topics/missing-${randomUUID()}`,
          attributes: { a: 'b' },
        },
      },
    });
    await f.client.runJob({ name });
    await f.emulator.settle(5_000);
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(5);
  });

  test('Pub/Sub down: the attempt fails UNAVAILABLE within the publish timeout and is retried', async () => {
    await using f = await startFixture({ pubsubHost: '127.0.0.1:1', publishTimeoutMs: 300 });
    const name = jobName('pubsub-down');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 * * * *',
        pubsubTarget: { topicName: `projects/${PROJECT}/topics/unreachable`, data: Buffer.from('x') },
        retryConfig: { retryCount: 1, minBackoffDuration: { seconds: 30 } },
      },
    });
    await f.client.runJob({ name });
    await f.emulator.settle(3_000);
    const [job] = await f.client.getJob({ name });
    expect(job.status?.code).toBe(14);
    expect(Number(job.scheduleTime?.seconds) * 1000 - f.clock.now()).toBe(30_000);
  });
});
