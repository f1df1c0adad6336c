// Publish: ids, publish times, attributes, ordering keys, limits, and fan-out.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { client, rawClients, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { code?: number }) => e.code,
  );

describe('Publish', () => {
  it('assigns unique ids and publish times to a batch and keeps attributes and ordering keys', async () => {
    await using emu = await startEmulator();
    const { publisher, subscriber, close } = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await publisher.createTopic({ name: t });
    await subscriber.createSubscription({ name: s, topic: t });
    const before = Date.now();
    const [res] = await publisher.publish({
      topic: t,
      messages: [
        { data: Buffer.from('a'), attributes: { k: 'v' } },
        { attributes: { only: 'attrs' } },
        { data: Buffer.from('c'), orderingKey: 'key-1' },
      ],
    });
    expect(res.messageIds).toHaveLength(3);
    expect(new Set(res.messageIds).size).toBe(3);
    const [pulled] = await subscriber.pull({ subscription: s, maxMessages: 10 });
    const msgs = pulled.receivedMessages!.map((r) => r.message!);
    expect(msgs.map((m) => m.messageId)).toEqual(res.messageIds);
    expect(msgs[0]!.attributes).toEqual({ k: 'v' });
    expect(Buffer.from(msgs[1]!.data as Uint8Array).length).toBe(0);
    expect(msgs[2]!.orderingKey).toBe('key-1');
    const published = Number(msgs[0]!.publishTime!.seconds) * 1000;
    expect(published).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(published).toBeLessThanOrEqual(Date.now());
    await close();
  });

  it('rejects empty, oversized and over-attributed messages with INVALID_ARGUMENT', async () => {
    await using emu = await startEmulator();
    const { publisher, close } = rawClients(emu);
    const t = topicPath(uid('t'));
    await publisher.createTopic({ name: t });
    const pub = (m: Record<string, unknown>) => code(publisher.publish({ topic: t, messages: [m] }));
    const many: Record<string, string> = {};
    for (let i = 0; i < 101; i++) many[`k${i}`] = 'v';
    expect(await pub({})).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await pub({ data: Buffer.alloc(10 * 1024 * 1024 + 1) })).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await pub({ attributes: many })).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await pub({ attributes: { ['k'.repeat(257)]: 'v' } })).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await pub({ attributes: { k: 'v'.repeat(1025) } })).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await code(publisher.publish({ topic: t, messages: [] }))).toBe(grpc.status.INVALID_ARGUMENT);
    // The limits themselves are allowed.
    expect(await pub({ attributes: { ['k'.repeat(256)]: 'v'.repeat(1024) } })).toBe(0);
    expect(await pub({ data: Buffer.alloc(5 * 1024 * 1024) })).toBe(0);
    await close();
  });

  it('fans every message out to every subscription of the topic (official client)', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [a] = await topic.createSubscription(uid('a'));
    const [b] = await topic.createSubscription(uid('b'));
    for (let i = 0; i < 5; i++) await topic.publishMessage({ data: Buffer.from(`m${i}`) });
    const { subscriber, close } = rawClients(emu);
    for (const sub of [a, b]) {
      const [res] = await subscriber.pull({ subscription: sub.name, maxMessages: 10 });
      expect(
        res.receivedMessages!.map((r) => Buffer.from(r.message!.data as Uint8Array).toString()).sort(),
      ).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    }
    await close();
    await pubsub.close();
  });
});
