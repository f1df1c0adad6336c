// Acceptance 5: the hourly-download chain. A Scheduler job publishes to a topic; a push
// subscription feeds a Functions Framework-hosted handler; the handler writes an object into the
// Storage emulator. Both function signatures; a throwing handler is retried by Pub/Sub.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { describe, expect, test } from 'vitest';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { startFunctionHost } from '../../emulators/scheduler/index.ts';
import { startStorageEmulator } from '../../emulators/storage/index.ts';
import { jobName, PARENT, PROJECT, startFixture } from './helpers.ts';

const SOURCE = fileURLToPath(new URL('./fixtures/download-function.ts', import.meta.url));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T[]>,
  want: number,
  timeoutMs = 15_000,
): Promise<T[]> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got.length >= want) return got;
    if (Date.now() > giveUp) throw new Error(`${what}: wanted ${want}, have ${got.length}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Scheduler → Pub/Sub → function → Storage', () => {
  test.each([
    ['event', 'download'],
    ['cloudevent', 'downloadCloudEvent'],
  ] as const)(
    'an hourly job lands one object per firing (%s signature)',
    { timeout: 60_000 },
    async (signatureType, target) => {
      await using ps = await startPubSubEmulator({ port: 0 });
      await using gcs = await startStorageEmulator({ port: 0 });
      await using f = await startFixture({ pubsubHost: ps.address, start: '2026-01-01T00:30:00Z' });
      const topicId = `download-${randomUUID().slice(0, 8)}`;
      const bucket = `work-${randomUUID().slice(0, 8)}`;
      const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: ps.address });
      await pubsub.createTopic(topicId);
      const storage = new Storage({ apiEndpoint: gcs.url, projectId: PROJECT });
      await storage.createBucket(bucket);
      await using fn = await startFunctionHost({
        source: SOURCE,
        target,
        signatureType,
        topic: topicId,
        project: PROJECT,
        pubsubHost: ps.address,
        env: { STORAGE_EMULATOR_HOST: gcs.url, BUCKET: bucket, GOOGLE_CLOUD_PROJECT: PROJECT },
      });
      expect(fn.subscription).toMatch(/^function-/);

      await f.client.createJob({
        parent: PARENT,
        job: {
          name: jobName('hourly-download'),
          schedule: '0 * * * *',
          pubsubTarget: {
            topicName: `projects/${PROJECT}/topics/${topicId}`,
            data: Buffer.from('{"url":"https://example.com/feed.csv"}'),
            attributes: { scheduleSlot: 'hourly' },
          },
        },
      });
      await f.emulator.advance(2 * 3_600_000); // fires at 01:00 and 02:00
      const files = await waitFor(
        'objects',
        async () => (await storage.bucket(bucket).getFiles({ prefix: 'downloads/' }))[0],
        2,
      );
      expect(files).toHaveLength(2);
      for (const file of files) {
        expect(file.name).toContain(`-${signatureType}-`);
        const [content] = await file.download();
        expect(JSON.parse(content.toString())).toMatchObject({
          payload: '{"url":"https://example.com/feed.csv"}',
          attributes: { scheduleSlot: 'hourly' },
        });
      }
      await pubsub.close();
    },
  );

  test('a throwing function is retried: the message is redelivered until it succeeds', {
    timeout: 60_000,
  }, async () => {
    await using ps = await startPubSubEmulator({ port: 0 });
    await using gcs = await startStorageEmulator({ port: 0 });
    await using f = await startFixture({ pubsubHost: ps.address });
    const topicId = `flaky-${randomUUID().slice(0, 8)}`;
    const bucket = `work-${randomUUID().slice(0, 8)}`;
    const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: ps.address });
    await pubsub.createTopic(topicId);
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: PROJECT });
    await storage.createBucket(bucket);
    await using _fn = await startFunctionHost({
      source: SOURCE,
      target: 'download',
      topic: `projects/${PROJECT}/topics/${topicId}`,
      pubsubHost: ps.address,
      env: { STORAGE_EMULATOR_HOST: gcs.url, BUCKET: bucket, GOOGLE_CLOUD_PROJECT: PROJECT },
    });
    const name = jobName('flaky');
    await f.client.createJob({
      parent: PARENT,
      job: {
        name,
        schedule: '0 0 1 1 *',
        pubsubTarget: {
          topicName: `projects/${PROJECT}/topics/${topicId}`,
          data: Buffer.from('retry me'),
          attributes: { failFirst: 'true' },
        },
      },
    });
    await f.client.runJob({ name });
    const files = await waitFor('objects', async () => (await storage.bucket(bucket).getFiles())[0], 1);
    const [content] = await files[0]!.download();
    expect(JSON.parse(content.toString())).toMatchObject({ call: 2, attributes: { failFirst: 'true' } });
    await pubsub.close();
  });
});
