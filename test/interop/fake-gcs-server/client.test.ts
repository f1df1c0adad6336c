// The fake-gcs-server client against a real fake-gcs-server: health and detection, runtime
// config, resets, and notifications configured by start flags arriving in our Pub/Sub emulator.
import { randomUUID } from 'node:crypto';
import { PubSub, type Subscription } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detectStorageBackend,
  fakeGcsNotificationFlags,
  fakeGcsServerClient,
} from '../../../src/clients/fake-gcs-server.ts';
import { type StartedStack, startStack } from '../../../src/stack/index.ts';
import { describeWith } from '../prerequisites.ts';
import { findFakeGcsServer, INSTALL_HINT, type StartedFakeGcsServer, startFakeGcsServer } from './server.ts';

const binary = findFakeGcsServer();
const PROJECT = 'devkit-local';

describe('fakeGcsNotificationFlags', () => {
  it('passes a projects/P/topics/T name through and takes the project from it', () => {
    expect(fakeGcsNotificationFlags({ topic: 'projects/p1/topics/available', bucket: 'work' })).toEqual([
      '-event.pubsub-project-id',
      'p1',
      '-event.pubsub-topic',
      'projects/p1/topics/available',
      '-event.list',
      'finalize',
      '-event.bucket',
      'work',
    ]);
  });

  it('qualifies a bare topic id with the project and maps GCS event types to its names', () => {
    const flags = fakeGcsNotificationFlags({
      topic: 'events',
      project: 'p2',
      objectPrefix: 'in/',
      eventTypes: ['OBJECT_FINALIZE', 'OBJECT_DELETE', 'OBJECT_METADATA_UPDATE', 'OBJECT_ARCHIVE'],
    });
    expect(flags).toEqual([
      '-event.pubsub-project-id',
      'p2',
      '-event.pubsub-topic',
      'projects/p2/topics/events',
      '-event.list',
      'finalize,delete,metadataUpdate,archive',
      '-event.object-prefix',
      'in/',
    ]);
  });

  it('refuses names it cannot place', () => {
    expect(() => fakeGcsNotificationFlags({ topic: 'events' })).toThrow(/needs a project/);
    expect(() => fakeGcsNotificationFlags({ topic: '//pubsub.googleapis.com/projects/p/topics/t' })).toThrow(
      /neither projects\/P\/topics\/T nor a topic id/,
    );
    expect(() => fakeGcsNotificationFlags({ topic: 'projects/p/topics/t', eventTypes: [] })).toThrow(
      /at least one event type/,
    );
  });
});

describe('detectStorageBackend without a server', () => {
  it('trusts STORAGE_BACKEND and rejects unknown values', async () => {
    const nowhere = 'http://127.0.0.1:9';
    await expect(detectStorageBackend(nowhere, { STORAGE_BACKEND: 'fake-gcs-server' })).resolves.toBe(
      'fake-gcs-server',
    );
    await expect(detectStorageBackend(nowhere, { STORAGE_BACKEND: 'devkit' })).resolves.toBe('devkit');
    await expect(detectStorageBackend(nowhere, { STORAGE_BACKEND: 'minio' })).rejects.toThrow(
      /STORAGE_BACKEND="minio" is invalid/,
    );
    await expect(detectStorageBackend(nowhere, {})).resolves.toBe('devkit');
  });
});

describeWith(
  'fake-gcs-server client',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    let stack: StartedStack;
    let fake: StartedFakeGcsServer;
    const topic = `gcs-events-${randomUUID().slice(0, 8)}`;
    const bucketName = `fgcs-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      stack = await startStack({
        services: ['pubsub', 'storage'],
        ports: { pubsub: 0, storage: 0 },
        redis: false,
      });
      fake = await startFakeGcsServer({
        binary: binary!,
        pubsubHost: stack.env.PUBSUB_EMULATOR_HOST,
        flags: fakeGcsNotificationFlags({
          topic: `projects/${PROJECT}/topics/${topic}`,
          bucket: bucketName,
          eventTypes: ['OBJECT_FINALIZE', 'OBJECT_DELETE'],
        }),
      });
    }, 60_000);

    afterAll(async () => {
      await fake?.stop();
      await stack?.stop();
    });

    const storage = () => new Storage({ apiEndpoint: fake.url, projectId: PROJECT });

    it('answers the health check and is detected from it; our emulator is not', async () => {
      await expect(fake.client.healthy()).resolves.toBe(true);
      await expect(detectStorageBackend(fake.url, {})).resolves.toBe('fake-gcs-server');
      await expect(detectStorageBackend(stack.env.STORAGE_EMULATOR_HOST!, {})).resolves.toBe('devkit');
      await expect(fakeGcsServerClient('http://127.0.0.1:9').healthy()).resolves.toBe(false);
    });

    it('sets externalUrl through PUT /_internal/config (resumable sessions point there)', async () => {
      const gcs = storage();
      const [bucket] = await gcs.createBucket(`cfg-${randomUUID().slice(0, 8)}`);
      const start = async () => {
        const response = await fetch(
          `${fake.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=x.bin`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
        );
        await response.arrayBuffer();
        return response.headers.get('location') ?? '';
      };
      expect(await start()).toMatch(new RegExp(`^${fake.url}/`));
      await fake.client.configure({ externalUrl: 'http://storage.example.test:1234' });
      try {
        expect(await start()).toMatch(/^http:\/\/storage\.example\.test:1234\//);
      } finally {
        await fake.client.configure({ externalUrl: fake.url });
      }
      await expect(
        fetch(`${fake.url}/_internal/config`, { method: 'PUT', body: 'not json' }),
      ).resolves.toHaveProperty('status', 400);
    });

    it('deleteAll removes every object and every bucket', async () => {
      const gcs = storage();
      const [a] = await gcs.createBucket(`reset-a-${randomUUID().slice(0, 8)}`);
      const [b] = await gcs.createBucket(`reset-b-${randomUUID().slice(0, 8)}`);
      await a.file('one.txt').save('1');
      await b.file('dir/two.txt').save('2');
      await fake.client.deleteAll();
      expect((await a.exists())[0]).toBe(false);
      expect((await b.exists())[0]).toBe(false);
      expect((await gcs.getBuckets())[0]).toEqual([]);
    });

    it('publishes OBJECT_FINALIZE and OBJECT_DELETE for the configured bucket only', async () => {
      const pubsub = new PubSub({
        projectId: PROJECT,
        apiEndpoint: stack.env.PUBSUB_EMULATOR_HOST,
        emulatorMode: true,
      });
      try {
        const [created] = await pubsub.createTopic(topic);
        const [sub] = await created.createSubscription(`${topic}-sub`);
        const gcs = storage();
        const [bucket] = await gcs.createBucket(bucketName);
        const [other] = await gcs.createBucket(`${bucketName}-other`);
        await other.file('ignored.txt').save('x');
        const file = bucket.file('in/unit.txt');
        await file.save('payload', { preconditionOpts: { ifGenerationMatch: 0 } });
        await file.delete();
        const messages = await collect(sub, 2, 10_000);
        // It publishes each event from its own goroutine: the two may arrive in either order.
        messages.sort((a, b) => (a.attributes.eventType! < b.attributes.eventType! ? 1 : -1));
        expect(messages.map((m) => m.attributes.eventType)).toEqual(['OBJECT_FINALIZE', 'OBJECT_DELETE']);
        expect(messages[0]!.attributes).toMatchObject({
          bucketId: bucketName,
          objectId: 'in/unit.txt',
          payloadFormat: 'JSON_API_V1',
        });
        expect(JSON.parse(messages[0]!.data.toString()).name).toBe('in/unit.txt');
        await sub.close();
      } finally {
        await pubsub.close();
      }
    });
  },
);

type Message = { attributes: Record<string, string>; data: Buffer };

/** Streaming-pulls `count` messages (acking them), or rejects after `timeoutMs`. */
function collect(sub: Subscription, count: number, timeoutMs: number): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const got: Message[] = [];
    const timer = setTimeout(() => {
      sub.removeAllListeners('message');
      reject(new Error(`got ${got.length} of ${count} messages within ${timeoutMs} ms`));
    }, timeoutMs);
    sub.on('message', (message: Message & { ack(): void }) => {
      message.ack();
      got.push(message);
      if (got.length === count) {
        clearTimeout(timer);
        sub.removeAllListeners('message');
        resolve(got);
      }
    });
    sub.on('error', reject);
  });
}
