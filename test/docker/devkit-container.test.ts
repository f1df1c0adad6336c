// GcpDevkitContainer: the image built from this repo's Dockerfile, started with testcontainers,
// serves a publish/pull and a Redis PING through the env it reports. Needs a Docker engine.
import { PubSub } from '@google-cloud/pubsub';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { checkDockerEngine } from '../../src/stack/index.ts';
import { buildGcpDevkitImage, GcpDevkitContainer } from '../../src/testing/container/index.ts';

const engine = await checkDockerEngine();
const title = engine.ok
  ? `GcpDevkitContainer (${engine.reason})`
  : `GcpDevkitContainer: skipped, ${engine.reason}`;

describe.skipIf(!engine.ok)(title, { timeout: 600_000 }, () => {
  it('starts the stack in a container and reports the env to reach it', async () => {
    const image = await buildGcpDevkitImage(new URL('../..', import.meta.url).pathname);
    await using devkit = await new GcpDevkitContainer(image).withProject('container-test').start();
    const env = devkit.getEnv();
    expect(env.GOOGLE_CLOUD_PROJECT).toBe('container-test');
    const pubsub = new PubSub({ projectId: env.GOOGLE_CLOUD_PROJECT, apiEndpoint: env.PUBSUB_EMULATOR_HOST });
    const redis = new Redis(env.REDIS_URL!);
    try {
      const [topic] = await pubsub.createTopic('in');
      const [sub] = await topic.createSubscription('in-sub');
      await topic.publishMessage({ data: Buffer.from('hello') });
      const [response] = await new Promise<[string]>((resolve) =>
        sub.once('message', (m) => {
          m.ack();
          resolve([m.data.toString()]);
        }),
      );
      expect(response).toBe('hello');
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await pubsub.close();
      redis.disconnect();
    }
  });
});
