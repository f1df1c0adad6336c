// Where our Storage emulator and fake-gcs-server (the pinned release) answer one request
// differently, which one does what GCS documents. Each case sends the same raw JSON API requests
// to both, checks each answer against the documented behaviour, and pins the verdict: if either
// server changes (a fake-gcs-server upgrade, a regression of ours), the table must be revisited.
import { randomUUID } from 'node:crypto';
import { type Message, PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fakeGcsNotificationFlags } from '../../../src/clients/fake-gcs-server.ts';
import { type StartedStack, startStack } from '../../../src/stack/index.ts';
import { describeWith } from '../prerequisites.ts';
import { findFakeGcsServer, INSTALL_HINT, type StartedFakeGcsServer, startFakeGcsServer } from './server.ts';
import { errorReason, multipart, wire } from './wire.ts';

const binary = findFakeGcsServer();
const PROJECT = 'devkit-local';
/** The topic notificationConfigs.insert points at (created before the cases run). */
const TOPIC_FOR_CONFIGS = `configs-${randomUUID().slice(0, 8)}`;

interface Observation {
  /** What the server did, for the failure message. */
  observed: string;
  /** Whether that is what the GCS documentation says. */
  documented: boolean;
}

interface Case {
  title: string;
  /** Where GCS documents the behaviour. */
  docs: string;
  /** Recorded verdicts: does each server do what the docs say? */
  ours: boolean;
  fake: boolean;
  run(base: string, bucket: string): Promise<Observation>;
}

const upload = (base: string, bucket: string, name: string, query = '', media = 'hello') =>
  wire(base, 'POST', `/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${name}${query}`, {
    body: media,
    headers: { 'content-type': 'text/plain' },
  });

const CASES: Case[] = [
  {
    title: 'ifGenerationMatch=0 on a media upload of an existing object is refused with 412',
    docs: 'https://cloud.google.com/storage/docs/request-preconditions (ifGenerationMatch=0: succeed only if no live object)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      await upload(base, bucket, 'a.txt');
      const again = await upload(base, bucket, 'a.txt', '&ifGenerationMatch=0', 'overwritten');
      return { observed: `second upload → ${again.status}`, documented: again.status === 412 };
    },
  },
  {
    title: 'ifGenerationMatch=0 on a multipart upload of an existing object is refused with 412',
    docs: 'https://cloud.google.com/storage/docs/request-preconditions',
    ours: true,
    fake: true,
    async run(base, bucket) {
      const first = multipart({ name: 'm.txt' }, 'one');
      await wire(base, 'POST', `/upload/storage/v1/b/${bucket}/o?uploadType=multipart`, first);
      const again = multipart({ name: 'm.txt' }, 'two');
      const reply = await wire(
        base,
        'POST',
        `/upload/storage/v1/b/${bucket}/o?uploadType=multipart&ifGenerationMatch=0`,
        again,
      );
      return { observed: `second upload → ${reply.status}`, documented: reply.status === 412 };
    },
  },
  {
    title: 'ifGenerationMatch=0 on a resumable upload of an existing object is refused with 412',
    docs: 'https://cloud.google.com/storage/docs/request-preconditions (preconditions apply to resumable uploads)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      await upload(base, bucket, 'r.txt');
      const start = await wire(
        base,
        'POST',
        `/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=r.txt&ifGenerationMatch=0`,
        { body: {} },
      );
      const location = start.headers.get('location');
      if (start.status !== 200 || !location) {
        return { observed: `session start → ${start.status}`, documented: start.status === 412 };
      }
      const put = await fetch(location, { method: 'PUT', body: 'overwritten' });
      await put.arrayBuffer();
      return { observed: `session start → 200, upload → ${put.status}`, documented: put.status === 412 };
    },
  },
  {
    title: 'DELETE with a non-matching ifGenerationMatch is refused with 412 and keeps the object',
    docs: 'https://cloud.google.com/storage/docs/request-preconditions',
    ours: true,
    fake: false,
    async run(base, bucket) {
      await upload(base, bucket, 'd.txt');
      const reply = await wire(base, 'DELETE', `/storage/v1/b/${bucket}/o/d.txt?ifGenerationMatch=123`);
      const after = await wire(base, 'GET', `/storage/v1/b/${bucket}/o/d.txt`);
      return {
        observed: `delete → ${reply.status}, object afterwards → ${after.status}`,
        documented: reply.status === 412 && after.status === 200,
      };
    },
  },
  {
    title: 'a metadata PATCH increments metageneration, so ifMetagenerationMatch=1 then fails with 412',
    docs: 'https://cloud.google.com/storage/docs/metadata#generation-number (metageneration increments on metadata updates)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      await upload(base, bucket, 'p.txt');
      const patched = await wire(base, 'PATCH', `/storage/v1/b/${bucket}/o/p.txt`, {
        body: { metadata: { stage: 'one' } },
      });
      const metageneration = (patched.json as { metageneration?: string } | undefined)?.metageneration;
      const stale = await wire(base, 'PATCH', `/storage/v1/b/${bucket}/o/p.txt?ifMetagenerationMatch=1`, {
        body: { metadata: { stage: 'two' } },
      });
      return {
        observed: `metageneration after patch ${metageneration}, stale patch → ${stale.status}`,
        documented: metageneration === '2' && stale.status === 412,
      };
    },
  },
  {
    title: 'deleting a bucket that still holds objects answers 409 Conflict',
    docs: 'https://cloud.google.com/storage/docs/json_api/v1/status-codes (409 Conflict: the bucket you tried to delete is not empty)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      await upload(base, bucket, 'keep.txt');
      const reply = await wire(base, 'DELETE', `/storage/v1/b/${bucket}`);
      return { observed: `delete → ${reply.status} ${errorReason(reply)}`, documented: reply.status === 409 };
    },
  },
  {
    title: 'a bucket PATCH of labels is stored and returned by the next GET',
    docs: 'https://cloud.google.com/storage/docs/json_api/v1/buckets/patch (labels is a writable property)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      const patched = await wire(base, 'PATCH', `/storage/v1/b/${bucket}`, {
        body: { labels: { team: 'interop' } },
      });
      const fetched = await wire(base, 'GET', `/storage/v1/b/${bucket}`);
      const labels = (fetched.json as { labels?: Record<string, string> } | undefined)?.labels;
      return {
        observed: `patch → ${patched.status}, labels afterwards ${JSON.stringify(labels ?? null)}`,
        documented: patched.status === 200 && labels?.team === 'interop',
      };
    },
  },
  {
    title: 'an upload whose md5Hash does not match its data is rejected with 400',
    docs: 'https://cloud.google.com/storage/docs/hashes-etags (a supplied hash that does not match fails the upload)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      const body = multipart({ name: 'h.txt', md5Hash: 'AAAAAAAAAAAAAAAAAAAAAA==' }, 'hello');
      const reply = await wire(base, 'POST', `/upload/storage/v1/b/${bucket}/o?uploadType=multipart`, body);
      return { observed: `upload → ${reply.status}`, documented: reply.status === 400 };
    },
  },
  {
    title:
      'a resumable status check (Content-Range: bytes */*) after one chunk answers 308 with the Range held',
    docs: 'https://cloud.google.com/storage/docs/performing-resumable-uploads#status-check',
    ours: true,
    fake: false,
    async run(base, bucket) {
      const start = await wire(
        base,
        'POST',
        `/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=big.bin`,
        {
          body: {},
        },
      );
      const location = start.headers.get('location')!;
      const chunk = await fetch(location, {
        method: 'PUT',
        headers: { 'content-range': 'bytes 0-262143/*' },
        body: new Uint8Array(262_144),
      });
      await chunk.arrayBuffer();
      const status = await fetch(location, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
      await status.arrayBuffer();
      const range = status.headers.get('range');
      return {
        observed: `chunk → ${chunk.status}, status check → ${status.status} range=${range}`,
        documented: status.status === 308 && range === 'bytes=0-262143',
      };
    },
  },
  {
    title: 'notificationConfigs.insert creates a storage#notification',
    docs: 'https://cloud.google.com/storage/docs/json_api/v1/notifications/insert',
    ours: true,
    fake: false,
    async run(base, bucket) {
      const reply = await wire(base, 'POST', `/storage/v1/b/${bucket}/notificationConfigs`, {
        body: {
          topic: `//pubsub.googleapis.com/projects/${PROJECT}/topics/${TOPIC_FOR_CONFIGS}`,
          payload_format: 'JSON_API_V1',
        },
      });
      const kind = (reply.json as { kind?: string } | undefined)?.kind;
      return {
        observed: `insert → ${reply.status} ${kind ?? ''}`,
        documented: reply.status === 200 && kind === 'storage#notification',
      };
    },
  },
  {
    title: 'a missing object answers 404 with error reason "notFound"',
    docs: 'https://cloud.google.com/storage/docs/json_api/v1/status-codes (404 Not Found, reason notFound)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      const reply = await wire(base, 'GET', `/storage/v1/b/${bucket}/o/missing.txt`);
      return {
        observed: `get → ${reply.status} reason=${errorReason(reply)}`,
        documented: reply.status === 404 && errorReason(reply) === 'notFound',
      };
    },
  },
  {
    title: 'an object resource id is bucket/name/generation',
    docs: 'https://cloud.google.com/storage/docs/json_api/v1/objects#resource (id includes the generation number)',
    ours: true,
    fake: false,
    async run(base, bucket) {
      const reply = await upload(base, bucket, 'id.txt');
      const { id, generation } = reply.json as { id: string; generation: string };
      return { observed: `id=${id}`, documented: id === `${bucket}/id.txt/${generation}` };
    },
  },
];

describeWith(
  'GCS documentation: our Storage emulator vs fake-gcs-server',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    let stack: StartedStack;
    let fake: StartedFakeGcsServer;
    let pubsub: PubSub;
    const notifyBucket = `notify-${randomUUID().slice(0, 8)}`;
    const fakeTopic = `fake-events-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      stack = await startStack({
        services: ['pubsub', 'storage'],
        ports: { pubsub: 0, storage: 0 },
        redis: false,
      });
      pubsub = new PubSub({
        projectId: PROJECT,
        apiEndpoint: stack.env.PUBSUB_EMULATOR_HOST,
        emulatorMode: true,
      });
      await pubsub.createTopic(TOPIC_FOR_CONFIGS);
      await pubsub.createTopic(fakeTopic);
      fake = await startFakeGcsServer({
        binary: binary!,
        pubsubHost: stack.env.PUBSUB_EMULATOR_HOST,
        flags: fakeGcsNotificationFlags({
          topic: `projects/${PROJECT}/topics/${fakeTopic}`,
          bucket: notifyBucket,
          eventTypes: ['OBJECT_FINALIZE', 'OBJECT_DELETE'],
        }),
      });
    }, 60_000);

    afterAll(async () => {
      await pubsub?.close();
      await fake?.stop();
      await stack?.stop();
    });

    const verdict = (matches: boolean) => (matches ? 'matches' : 'differs');

    it.each(CASES)('$title', async (c) => {
      const servers = { ours: stack.env.STORAGE_EMULATOR_HOST!, fake: fake.url };
      const seen: Record<string, Observation> = {};
      for (const [who, base] of Object.entries(servers)) {
        const bucket = `case-${randomUUID().slice(0, 12)}`;
        const created = await wire(base, 'POST', `/storage/v1/b?project=${PROJECT}`, {
          body: { name: bucket },
        });
        expect(created.status, created.text).toBe(200);
        seen[who] = await c.run(base, bucket);
      }
      const report =
        `${c.title}\n  GCS docs: ${c.docs}\n` +
        `  ours: ${seen.ours!.observed} (${verdict(seen.ours!.documented)})\n` +
        `  fake-gcs-server: ${seen.fake!.observed} (${verdict(seen.fake!.documented)})`;
      expect({ ours: seen.ours!.documented, fake: seen.fake!.documented }, report).toEqual({
        ours: c.ours,
        fake: c.fake,
      });
    });

    it('notifications: both report an overwrite as GCS documents; only ours adds notificationConfig', {
      timeout: 60_000,
    }, async () => {
      // Docs: https://cloud.google.com/storage/docs/pubsub-notifications (attributes: notificationConfig,
      // overwroteGeneration on the new object's OBJECT_FINALIZE, overwrittenByGeneration on the
      // replaced object's OBJECT_DELETE).
      const ours = stack.env.STORAGE_EMULATOR_HOST!;
      const ourTopic = `our-events-${randomUUID().slice(0, 8)}`;
      await pubsub.createTopic(ourTopic);
      const [ourSub] = await pubsub.topic(ourTopic).createSubscription(`${ourTopic}-sub`);
      const [fakeSub] = await pubsub.topic(fakeTopic).createSubscription(`${fakeTopic}-sub`);
      for (const base of [ours, fake.url]) {
        const created = await wire(base, 'POST', `/storage/v1/b?project=${PROJECT}`, {
          body: { name: notifyBucket },
        });
        expect(created.status, created.text).toBe(200);
      }
      const config = await wire(ours, 'POST', `/storage/v1/b/${notifyBucket}/notificationConfigs`, {
        body: {
          topic: `//pubsub.googleapis.com/projects/${PROJECT}/topics/${ourTopic}`,
          payload_format: 'JSON_API_V1',
        },
      });
      expect(config.status, config.text).toBe(200);
      const generations: Record<string, string[]> = { ours: [], fake: [] };
      for (const [who, base] of [
        ['ours', ours],
        ['fake', fake.url],
      ] as const) {
        for (const content of ['one', 'two']) {
          const reply = await upload(base, notifyBucket, 'n.txt', '', content);
          generations[who]!.push((reply.json as { generation: string }).generation);
        }
      }
      const [ourMessages, fakeMessages] = await Promise.all([take(ourSub, 3), take(fakeSub, 3)]);

      const configName = `projects/_/buckets/${notifyBucket}/notificationConfigs/${(config.json as { id: string }).id}`;
      expect(ourMessages.map((m) => m.attributes.notificationConfig)).toEqual([
        configName,
        configName,
        configName,
      ]);
      expect(fakeMessages.map((m) => m.attributes.notificationConfig)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      for (const [who, messages] of [
        ['ours', ourMessages],
        ['fake', fakeMessages],
      ] as const) {
        const [first, second] = generations[who]!;
        const seen = messages
          .map(({ attributes: a }) => ({
            eventType: a.eventType,
            bucketId: a.bucketId,
            objectId: a.objectId,
            objectGeneration: a.objectGeneration,
            overwroteGeneration: a.overwroteGeneration,
            overwrittenByGeneration: a.overwrittenByGeneration,
          }))
          .sort((a, b) =>
            `${a.eventType}${a.objectGeneration}`.localeCompare(`${b.eventType}${b.objectGeneration}`),
          );
        const base = { bucketId: notifyBucket, objectId: 'n.txt' };
        expect(seen, who).toEqual([
          { ...base, eventType: 'OBJECT_DELETE', objectGeneration: first, overwrittenByGeneration: second },
          { ...base, eventType: 'OBJECT_FINALIZE', objectGeneration: first },
          { ...base, eventType: 'OBJECT_FINALIZE', objectGeneration: second, overwroteGeneration: first },
        ]);
      }
      await Promise.all([ourSub.close(), fakeSub.close()]);
    });
  },
);

/** Acks and returns the first `count` messages of a subscription (arrival order). */
function take(subscription: ReturnType<PubSub['subscription']>, count: number): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const got: Message[] = [];
    const timer = setTimeout(
      // fake-gcs-server publishes asynchronously; on a loaded machine that can take a while.
      () => reject(new Error(`${got.length} of ${count} messages on ${subscription.name} within 30 s`)),
      30_000,
    );
    subscription.on('message', (m: Message) => {
      m.ack();
      got.push(m);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
    subscription.once('error', reject);
  });
}
