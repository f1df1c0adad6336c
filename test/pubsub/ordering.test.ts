// Ordering keys: one batch per key in flight, per-key order end to end.
import { describe, expect, it } from 'vitest';
import { client, rawClients, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

const text = (r: { message?: { data?: unknown } | null }) =>
  Buffer.from(r.message!.data as Uint8Array).toString();

describe('ordering keys', () => {
  it("delivers a key's messages as one batch and holds the key until the batch is acked", async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, enableMessageOrdering: true });
    const msg = (key: string, d: string) => ({ data: Buffer.from(d), orderingKey: key });
    const publish = (...messages: ReturnType<typeof msg>[]) => raw.publisher.publish({ topic: t, messages });
    await publish(msg('k1', 'k1-1'), msg('k1', 'k1-2'), msg('k1', 'k1-3'));
    await publish(msg('k2', 'k2-1'), msg('k2', 'k2-2'));
    await publish(msg('', 'free'));
    const pull = async () =>
      (await raw.subscriber.pull({ subscription: s, maxMessages: 10, returnImmediately: true }))[0]
        .receivedMessages ?? [];
    const first = await pull();
    expect(first.map(text)).toEqual(['k1-1', 'k1-2', 'k1-3', 'k2-1', 'k2-2', 'free']);
    await publish(msg('k1', 'k1-4'));
    expect(await pull()).toHaveLength(0); // k1 is held while its batch is out
    const ack = (list: typeof first) =>
      raw.subscriber.acknowledge({ subscription: s, ackIds: list.map((r) => r.ackId!) });
    await ack(first.slice(0, 2));
    expect(await pull()).toHaveLength(0); // k1-3 still out
    await ack([first[2]!]);
    expect((await pull()).map(text)).toEqual(['k1-4']);
    // A nacked message comes back with the rest of its batch behind it, even what was acked (as Google).
    await ack([first[4]!]);
    await raw.subscriber.modifyAckDeadline({
      subscription: s,
      ackIds: [first[3]!.ackId!],
      ackDeadlineSeconds: 0,
    });
    expect((await pull()).map(text)).toEqual(['k2-1', 'k2-2']);
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
