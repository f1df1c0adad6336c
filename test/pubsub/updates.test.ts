// Field-mask updates, DetachSubscription, deleted topics, list paging.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { PROJECT, rawClients, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { code?: number }) => e.code,
  );
const text = (r: { message?: { data?: unknown } | null }) =>
  Buffer.from(r.message!.data as Uint8Array).toString();

async function setup(sub: Record<string, unknown> = {}) {
  const clock = manualClock();
  const emu = await startEmulator({ clock });
  const raw = rawClients(emu);
  const t = topicPath(uid('t'));
  const s = subPath(uid('s'));
  await raw.publisher.createTopic({ name: t });
  await raw.subscriber.createSubscription({ name: s, topic: t, ...sub });
  const publish = (...data: string[]) =>
    raw.publisher.publish({ topic: t, messages: data.map((d) => ({ data: Buffer.from(d) })) });
  const pull = async () =>
    (await raw.subscriber.pull({ subscription: s, maxMessages: 20, returnImmediately: true }))[0]
      .receivedMessages ?? [];
  const drain = async () => {
    const got = await pull();
    if (got.length > 0)
      await raw.subscriber.acknowledge({ subscription: s, ackIds: got.map((r) => r.ackId!) });
    return got.map(text);
  };
  return {
    clock,
    emu,
    raw,
    t,
    s,
    publish,
    pull,
    drain,
    async [Symbol.asyncDispose]() {
      await raw.close();
      await emu.stop();
    },
  };
}

describe('updates, detaching and deleting topics', () => {
  it('updates topics and subscriptions by field mask', async () => {
    await using env = await setup();
    const [topic] = await env.raw.publisher.updateTopic({
      topic: { name: env.t, labels: { env: 'dev' }, messageRetentionDuration: { seconds: 3600 } },
      updateMask: { paths: ['labels', 'message_retention_duration'] },
    });
    expect(topic.labels).toEqual({ env: 'dev' });
    expect(Number(topic.messageRetentionDuration!.seconds)).toBe(3600);
    expect(
      await code(
        env.raw.publisher.updateTopic({ topic: { name: env.t }, updateMask: { paths: ['nonsense'] } }),
      ),
    ).toBe(grpc.status.INVALID_ARGUMENT);
    const [sub] = await env.raw.subscriber.updateSubscription({
      subscription: { name: env.s, ackDeadlineSeconds: 42, labels: { x: 'y' } },
      updateMask: { paths: ['ack_deadline_seconds'] },
    });
    expect(sub.ackDeadlineSeconds).toBe(42);
    expect(sub.labels).toEqual({}); // not in the mask
    const [sub2] = await env.raw.subscriber.updateSubscription({
      subscription: { name: env.s, retryPolicy: { minimumBackoff: { seconds: 5 } } },
      updateMask: { paths: ['retryPolicy'] },
    });
    expect(Number(sub2.retryPolicy!.minimumBackoff!.seconds)).toBe(5);
    expect(sub2.ackDeadlineSeconds).toBe(42);
    expect(
      await code(
        env.raw.subscriber.updateSubscription({ subscription: { name: env.s }, updateMask: { paths: [] } }),
      ),
    ).toBe(grpc.status.INVALID_ARGUMENT);
    expect(
      await code(
        env.raw.subscriber.updateSubscription({
          subscription: { name: env.s, ackDeadlineSeconds: 1 },
          updateMask: { paths: ['ack_deadline_seconds'] },
        }),
      ),
    ).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('detaches a subscription: it stays, marked detached, and stops receiving', async () => {
    await using env = await setup();
    await env.publish('before');
    await env.raw.publisher.detachSubscription({ subscription: env.s });
    const [sub] = await env.raw.subscriber.getSubscription({ subscription: env.s });
    expect(sub.detached).toBe(true);
    await env.publish('after');
    expect(env.emu.state.subs.get(env.s)!.log.size).toBe(0);
    const [subs] = await env.raw.publisher.listTopicSubscriptions({ topic: env.t }, { autoPaginate: false });
    expect(subs).not.toContain(env.s);
  });

  it('leaves subscriptions of a deleted topic pointing at _deleted-topic_', async () => {
    await using env = await setup();
    await env.raw.publisher.deleteTopic({ topic: env.t });
    const [sub] = await env.raw.subscriber.getSubscription({ subscription: env.s });
    expect(sub.topic).toBe('_deleted-topic_');
    expect(await code(env.publish('x'))).toBe(grpc.status.NOT_FOUND);
    expect(await code(env.raw.publisher.getTopic({ topic: env.t }))).toBe(grpc.status.NOT_FOUND);
  });

  it('pages list results', async () => {
    await using env = await setup();
    const names = await Promise.all(
      [1, 2, 3, 4, 5].map(async () => {
        const name = topicPath(uid('p'));
        await env.raw.publisher.createTopic({ name });
        return name;
      }),
    );
    const seen: string[] = [];
    let pageToken = '';
    do {
      const [topics, , res] = await env.raw.publisher.listTopics(
        { project: `projects/${PROJECT}`, pageSize: 2, pageToken },
        { autoPaginate: false },
      );
      expect(topics.length).toBeLessThanOrEqual(2);
      seen.push(...topics.map((t) => t.name!));
      pageToken = res?.nextPageToken ?? '';
    } while (pageToken);
    expect(seen).toEqual([...seen].sort());
    for (const n of [...names, env.t]) expect(seen).toContain(n);
  });
});
