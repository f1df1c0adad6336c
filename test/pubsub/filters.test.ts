// Subscription filters over the wire: matching, auto-acknowledged non-matches, invalid filters.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { client, rawClients, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { code?: number }) => e.code,
  );

describe('subscription filters', () => {
  it('delivers only matching messages and acknowledges the rest automatically', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    await raw.publisher.createTopic({ name: t });
    const cases: [string, string[]][] = [
      ['attributes.color = "red"', ['red']],
      ['attributes.color != "red"', ['blue', 'none', 'redish']],
      ['attributes:color', ['red', 'blue', 'redish']],
      ['hasPrefix(attributes.color, "red")', ['red', 'redish']],
      ['NOT attributes:color', ['none']],
      ['-attributes:color', ['none']],
      ['attributes.color = "red" OR attributes.size = "L"', ['red', 'blue']],
      ['(attributes:color AND attributes.size = "L") OR attributes."x-y" = "1"', ['blue', 'none']],
    ];
    const subs = await Promise.all(
      cases.map(async ([filter]) => {
        const name = subPath(uid('s'));
        await raw.subscriber.createSubscription({ name, topic: t, filter });
        return name;
      }),
    );
    await raw.publisher.publish({
      topic: t,
      messages: [
        { data: Buffer.from('red'), attributes: { color: 'red' } },
        { data: Buffer.from('blue'), attributes: { color: 'blue', size: 'L' } },
        { data: Buffer.from('none'), attributes: { 'x-y': '1' } },
        { data: Buffer.from('redish'), attributes: { color: 'redish' } },
      ],
    });
    for (const [i, [filter, expected]] of cases.entries()) {
      const [res] = await raw.subscriber.pull({
        subscription: subs[i]!,
        maxMessages: 10,
        returnImmediately: true,
      });
      const got = (res.receivedMessages ?? []).map((r) =>
        Buffer.from(r.message!.data as Uint8Array).toString(),
      );
      expect(got, filter).toEqual(expected);
    }
    // Non-matching messages were acked on arrival: nothing is left behind in any subscription.
    for (const [i, name] of subs.entries()) {
      expect(emu.state.subs.get(name)!.log.size).toBe(cases[i]![1].length);
    }
    const [sub] = await raw.subscriber.getSubscription({ subscription: subs[0]! });
    expect(sub.filter).toBe('attributes.color = "red"');
    await raw.close();
  });

  it('rejects invalid and over-long filters with INVALID_ARGUMENT and forbids changing them', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    await raw.publisher.createTopic({ name: t });
    const create = (filter: string) =>
      code(raw.subscriber.createSubscription({ name: subPath(uid('s')), topic: t, filter }));
    expect(await create('attributes.color = ')).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await create('color = "red"')).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await create(`attributes.k = "${'v'.repeat(260)}"`)).toBe(grpc.status.INVALID_ARGUMENT);
    const name = subPath(uid('s'));
    await raw.subscriber.createSubscription({ name, topic: t, filter: 'attributes:a' });
    expect(
      await code(
        raw.subscriber.updateSubscription({
          subscription: { name, filter: 'attributes:b' },
          updateMask: { paths: ['filter'] },
        }),
      ),
    ).toBe(grpc.status.INVALID_ARGUMENT);
    await raw.close();
  });

  it('filters for the official client subscriber too', async () => {
    await using emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'), { filter: 'attributes.kind = "keep"' });
    const got: string[] = [];
    sub.on('message', (m) => {
      got.push(m.data.toString());
      m.ack();
    });
    await topic.publishMessage({ data: Buffer.from('drop'), attributes: { kind: 'skip' } });
    await topic.publishMessage({ data: Buffer.from('keep'), attributes: { kind: 'keep' } });
    await waitFor(() => got.length === 1, 5000, 'delivery');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['keep']);
    await sub.close();
    await pubsub.close();
  });
});
