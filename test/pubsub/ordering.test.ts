// Ordering keys: one message per key in flight, per-key order end to end.
import { describe, expect, it } from 'vitest';
import { client, rawClients, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

const text = (r: { message?: { data?: unknown } | null }) =>
  Buffer.from(r.message!.data as Uint8Array).toString();

describe('ordering keys', () => {
  it('delivers the next message of a key only after the previous one is acked', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, enableMessageOrdering: true });
    const msg = (key: string, d: string) => ({ data: Buffer.from(d), orderingKey: key });
    await raw.publisher.publish({
      topic: t,
      messages: [
        msg('k1', 'k1-1'),
        msg('k2', 'k2-1'),
        msg('k1', 'k1-2'),
        msg('', 'free'),
        msg('k1', 'k1-3'),
        msg('k2', 'k2-2'),
      ],
    });
    const pull = async () =>
      (await raw.subscriber.pull({ subscription: s, maxMessages: 10, returnImmediately: true }))[0]
        .receivedMessages ?? [];
    const first = await pull();
    expect(first.map(text)).toEqual(['k1-1', 'k2-1', 'free']);
    expect(await pull()).toHaveLength(0);
    await raw.subscriber.acknowledge({ subscription: s, ackIds: [first[0]!.ackId!] });
    const second = await pull();
    expect(second.map(text)).toEqual(['k1-2']);
    // A nacked head comes back before anything behind it.
    await raw.subscriber.modifyAckDeadline({
      subscription: s,
      ackIds: [first[1]!.ackId!],
      ackDeadlineSeconds: 0,
    });
    expect((await pull()).map(text)).toEqual(['k2-1']);
    await raw.close();
  });

  it('keeps per-key order end to end with the official client', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'), { enableMessageOrdering: true });
    const ordered = pubsub.topic(topic.name, { messageOrdering: true });
    const got = new Map<string, number[]>();
    sub.on('message', (m) => {
      const list = got.get(m.orderingKey ?? '') ?? [];
      list.push(Number(m.data.toString()));
      got.set(m.orderingKey ?? '', list);
      setTimeout(() => m.ack(), Math.random() * 5);
    });
    const pubs: Promise<string>[] = [];
    for (let i = 0; i < 60; i++)
      pubs.push(ordered.publishMessage({ data: Buffer.from(String(i)), orderingKey: `key-${i % 3}` }));
    await Promise.all(pubs);
    await waitFor(() => [...got.values()].reduce((n, l) => n + l.length, 0) >= 60, 10_000, 'all messages');
    for (const [key, list] of got) {
      expect(list, key).toEqual([...list].sort((a, b) => a - b));
      expect(list).toHaveLength(20);
    }
    await sub.close();
    await pubsub.close();
  });
});
