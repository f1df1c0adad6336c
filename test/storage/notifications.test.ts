// Notification configs (insert/get/list/delete) and their delivery into our Pub/Sub emulator:
// exact attributes and payloads for each event type, overwrite pairs, prefix/event filters.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../emulators/common/index.ts';
import { bucketName, call, clientFor, PROJECT, startEmulator } from './helpers.ts';
import { type Received, startPubSub, topicWithCollector } from './pubsub-helpers.ts';

const byType = (msgs: Received[], type: string) => msgs.filter((m) => m.attributes.eventType === type);

describe('storage notifications', () => {
  it('config API: insert (both topic forms), get, list, delete', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('ncfg'));
    const [n1] = await bucket.createNotification('topic-a', {
      eventTypes: ['OBJECT_FINALIZE', 'OBJECT_DELETE'],
      customAttributes: { team: 'x' },
      objectNamePrefix: 'in/',
    });
    expect(n1.metadata).toMatchObject({
      kind: 'storage#notification',
      topic: `//pubsub.googleapis.com/projects/${PROJECT}/topics/topic-a`,
      event_types: ['OBJECT_FINALIZE', 'OBJECT_DELETE'],
      custom_attributes: { team: 'x' },
      object_name_prefix: 'in/',
      payload_format: 'JSON_API_V1',
    });
    const raw = await call(`${emu.url}/storage/v1/b/${bucket.name}/notificationConfigs`, {
      method: 'POST',
      body: JSON.stringify({ topic: 'projects/other/topics/b', payload_format: 'NONE' }),
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({
      topic: '//pubsub.googleapis.com/projects/other/topics/b',
      payload_format: 'NONE',
    });
    const [list] = await bucket.getNotifications();
    expect(list.map((n) => n.id)).toEqual([n1.id, raw.body.id]);
    const [got] = await bucket.notification(n1.id!).get();
    expect(got.metadata.object_name_prefix).toBe('in/');
    await bucket.notification(n1.id!).delete();
    const [after] = await bucket.getNotifications();
    expect(after.map((n) => n.id)).toEqual([raw.body.id]);
    const missing = await call(`${emu.url}/b/${bucket.name}/notificationConfigs/${n1.id}`);
    expect(missing.status).toBe(404);
  });

  it('publishes every event type with exact attributes and JSON_API_V1 payloads', async () => {
    await using ps = await startPubSub();
    await using emu = await startEmulator({ pubsub: ps.emu.address });
    const storage = clientFor(emu.url);
    const topic = await topicWithCollector(ps.client);
    const [plain] = await storage.createBucket(bucketName('nplain'));
    const [n] = await plain.createNotification(topic.id, { customAttributes: { owner: 'tests' } });

    const file = plain.file('docs/a.txt');
    await file.save('one', { resumable: false, contentType: 'text/plain' });
    const [m1] = await file.getMetadata();
    await file.setMetadata({ metadata: { k: 'v' } });
    await file.save('two', { resumable: true });
    const [m2] = await file.getMetadata();
    await file.delete();

    const msgs = await topic.next(5);
    const common = {
      owner: 'tests',
      notificationConfig: `projects/_/buckets/${plain.name}/notificationConfigs/${n.id}`,
      payloadFormat: 'JSON_API_V1',
      bucketId: plain.name,
      objectId: 'docs/a.txt',
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    };
    // Exact attributes of every message, in publish order.
    expect(msgs.map((m) => m.attributes)).toEqual([
      { ...common, eventType: 'OBJECT_FINALIZE', objectGeneration: m1.generation },
      { ...common, eventType: 'OBJECT_METADATA_UPDATE', objectGeneration: m1.generation },
      {
        ...common,
        eventType: 'OBJECT_FINALIZE',
        objectGeneration: m2.generation,
        overwroteGeneration: m1.generation,
      },
      {
        ...common,
        eventType: 'OBJECT_DELETE',
        objectGeneration: m1.generation,
        overwrittenByGeneration: m2.generation,
      },
      { ...common, eventType: 'OBJECT_DELETE', objectGeneration: m2.generation },
    ]);
    // Payloads: the object resource as it was at the event.
    const payloads = msgs.map((m) => JSON.parse(m.data.toString()));
    expect(payloads[0]).toMatchObject({
      kind: 'storage#object',
      name: 'docs/a.txt',
      bucket: plain.name,
      generation: m1.generation,
      metageneration: '1',
      size: '3',
      contentType: 'text/plain',
      crc32c: m1.crc32c,
      md5Hash: m1.md5Hash,
    });
    expect(payloads[1]).toMatchObject({
      generation: m1.generation,
      metageneration: '2',
      metadata: { k: 'v' },
    });
    expect(payloads[2]).toMatchObject({ generation: m2.generation, size: '3', crc32c: m2.crc32c });
    expect(payloads[3]).toMatchObject({ generation: m1.generation, metadata: { k: 'v' } });
    expect(payloads[4]).toMatchObject({ generation: m2.generation, name: 'docs/a.txt' });
    expect(byType(msgs, 'OBJECT_FINALIZE')).toHaveLength(2);
    await topic.close();
  });

  it('versioned buckets report OBJECT_ARCHIVE; payload NONE sends empty data', async () => {
    await using ps = await startPubSub();
    await using emu = await startEmulator({ pubsub: ps.emu.address });
    const topic = await topicWithCollector(ps.client);
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('narch'), {
      versioning: { enabled: true },
    });
    const [n] = await bucket.createNotification(topic.id, { payloadFormat: 'NONE' });
    await bucket.file('v').save('1', { resumable: false });
    const [m1] = await bucket.file('v').getMetadata();
    await bucket.file('v').save('2', { resumable: false });
    const [m2] = await bucket.file('v').getMetadata();
    await bucket.file('v').delete();
    const msgs = await topic.next(4);
    const common = {
      notificationConfig: `projects/_/buckets/${bucket.name}/notificationConfigs/${n.id}`,
      payloadFormat: 'NONE',
      bucketId: bucket.name,
      objectId: 'v',
      eventTime: expect.any(String),
    };
    expect(msgs.map((m) => m.attributes)).toEqual([
      { ...common, eventType: 'OBJECT_FINALIZE', objectGeneration: m1.generation },
      {
        ...common,
        eventType: 'OBJECT_FINALIZE',
        objectGeneration: m2.generation,
        overwroteGeneration: m1.generation,
      },
      {
        ...common,
        eventType: 'OBJECT_ARCHIVE',
        objectGeneration: m1.generation,
        overwrittenByGeneration: m2.generation,
      },
      { ...common, eventType: 'OBJECT_ARCHIVE', objectGeneration: m2.generation },
    ]);
    for (const m of msgs) expect(m.data.length).toBe(0);
    await topic.close();
  });

  it('event-type and object-name-prefix filters; the Node client topic form publishes', async () => {
    await using ps = await startPubSub();
    await using emu = await startEmulator({ pubsub: ps.emu.address });
    const onlyDeletes = await topicWithCollector(ps.client);
    const onlyIn = await topicWithCollector(ps.client);
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('nfilt'));
    await bucket.createNotification(onlyDeletes.id, { eventTypes: ['OBJECT_DELETE'] });
    await call(`${emu.url}/storage/v1/b/${bucket.name}/notificationConfigs`, {
      method: 'POST',
      body: JSON.stringify({ topic: `projects/${PROJECT}/topics/${onlyIn.id}`, object_name_prefix: 'in/' }),
    });
    await bucket.file('out/x').save('x', { resumable: false });
    await bucket.file('in/y').save('y', { resumable: false });
    await bucket.file('out/x').delete();
    await bucket.file('in/y').delete();
    const deletes = await onlyDeletes.next(2);
    const ins = await onlyIn.next(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(onlyDeletes.received).toHaveLength(2);
    expect(deletes.map((m) => [m.attributes.eventType, m.attributes.objectId])).toEqual([
      ['OBJECT_DELETE', 'out/x'],
      ['OBJECT_DELETE', 'in/y'],
    ]);
    expect(onlyIn.received).toHaveLength(2);
    expect(ins.map((m) => [m.attributes.eventType, m.attributes.objectId])).toEqual([
      ['OBJECT_FINALIZE', 'in/y'],
      ['OBJECT_DELETE', 'in/y'],
    ]);
    await onlyDeletes.close();
    await onlyIn.close();
  });

  it('without a pubsub option, PUBSUB_EMULATOR_HOST is where notifications go', async () => {
    await using ps = await startPubSub();
    const before = process.env.PUBSUB_EMULATOR_HOST;
    process.env.PUBSUB_EMULATOR_HOST = ps.emu.address;
    let emu: Awaited<ReturnType<typeof startEmulator>>;
    try {
      emu = await startEmulator();
    } finally {
      if (before === undefined) delete process.env.PUBSUB_EMULATOR_HOST;
      else process.env.PUBSUB_EMULATOR_HOST = before;
    }
    await using _ = emu;
    const topic = await topicWithCollector(ps.client);
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('nenv'));
    await bucket.createNotification(topic.id);
    await bucket.file('e').save('e', { resumable: false });
    const [msg] = await topic.next(1);
    expect(msg!.attributes).toMatchObject({ eventType: 'OBJECT_FINALIZE', objectId: 'e' });
    await topic.close();
  });

  it('a publish that fails (topic missing) is retried until it succeeds, not dropped', async () => {
    await using ps = await startPubSub();
    await using emu = await startEmulator({ pubsub: ps.emu.address });
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('nretry'));
    await bucket.createNotification('late-topic');
    await bucket.file('early').save('e', { resumable: false });
    await expect.poll(() => emu.pendingNotifications()).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.pendingNotifications()).toBe(1);
    // Create the topic and a subscription now; the retried message arrives. A retry may land
    // between the two creates (no subscription yet): the topic retains messages, and the seek back
    // to before the upload picks such a message up, so the test does not depend on that race.
    const before = new Date(Date.now() - 60_000);
    const [topic] = await ps.client.createTopic({
      name: 'late-topic',
      messageRetentionDuration: { seconds: 600 },
    });
    const [sub] = await topic.createSubscription('late-topic-sub');
    await sub.seek(before);
    const got = await new Promise<Record<string, string>>((resolve, reject) => {
      // Retries back off up to 10 s (±20 %): the next one may be 12 s away, later on a loaded machine.
      const timer = setTimeout(() => reject(new Error('no retried message')), 40_000);
      sub.on('message', (m) => {
        m.ack();
        clearTimeout(timer);
        resolve({ ...m.attributes });
      });
    });
    expect(got).toMatchObject({ eventType: 'OBJECT_FINALIZE', objectId: 'early' });
    await expect.poll(() => emu.pendingNotifications()).toBe(0);
    await sub.close();
  }, 60_000);

  it('messages still undelivered at stop are reported as an error, not dropped silently', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', {}, (line) => lines.push(line));
    const emu = await startEmulator({ pubsub: '127.0.0.1:9', logger });
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('nstop'));
    await bucket.createNotification('nowhere');
    await bucket.file('x').save('x', { resumable: false });
    await expect.poll(() => emu.pendingNotifications()).toBe(1);
    await emu.stop();
    const undelivered = lines.map((l) => JSON.parse(l)).find((l) => l.msg.includes('undelivered'));
    expect(undelivered).toMatchObject({ level: 'error', count: 1 });
  });
});
