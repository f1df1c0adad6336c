// Dead-letter policy (limits, delivery_attempt, forwarding attributes) and retry-policy backoff, over gRPC.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { PROJECT, rawClients, rest, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { code?: number }) => e.code,
  );

async function setup(sub: Record<string, unknown>) {
  const clock = manualClock();
  const emu = await startEmulator({ clock });
  const raw = rawClients(emu);
  const t = topicPath(uid('t'));
  const dlq = topicPath(uid('dlq'));
  const s = subPath(uid('s'));
  const dlqSub = subPath(uid('dlqs'));
  await raw.publisher.createTopic({ name: t });
  await raw.publisher.createTopic({ name: dlq });
  await raw.subscriber.createSubscription({ name: dlqSub, topic: dlq });
  const resolved = JSON.parse(JSON.stringify(sub).replaceAll('$DLQ', dlq));
  await raw.subscriber.createSubscription({ name: s, topic: t, ...resolved });
  const pull = async (name = s) =>
    (await raw.subscriber.pull({ subscription: name, maxMessages: 10, returnImmediately: true }))[0]
      .receivedMessages ?? [];
  const nack = (ackId: string) =>
    raw.subscriber.modifyAckDeadline({ subscription: s, ackIds: [ackId], ackDeadlineSeconds: 0 });
  return {
    clock,
    emu,
    raw,
    t,
    dlq,
    s,
    dlqSub,
    pull,
    nack,
    async [Symbol.asyncDispose]() {
      await raw.close();
      await emu.stop();
    },
  };
}

describe('dead-letter policy', () => {
  it('accepts 5–100 delivery attempts and an existing topic only', async () => {
    await using env = await setup({});
    const mk = (maxDeliveryAttempts: number) =>
      code(
        env.raw.subscriber.createSubscription({
          name: subPath(uid('s')),
          topic: env.t,
          deadLetterPolicy: { deadLetterTopic: env.dlq, maxDeliveryAttempts },
        }),
      );
    expect(await mk(4)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(101)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(100)).toBe(0);
    expect(await mk(5)).toBe(0);
    const missing = await code(
      env.raw.subscriber.createSubscription({
        name: subPath(uid('s')),
        topic: env.t,
        deadLetterPolicy: { deadLetterTopic: topicPath(uid('absent')), maxDeliveryAttempts: 5 },
      }),
    );
    expect(missing).toBe(grpc.status.NOT_FOUND);
  });

  it('counts delivery_attempt on every delivery and forwards with the source attributes', async () => {
    await using env = await setup({ deadLetterPolicy: { deadLetterTopic: '$DLQ', maxDeliveryAttempts: 5 } });
    await env.raw.publisher.publish({
      topic: env.t,
      messages: [{ data: Buffer.from('poison'), attributes: { a: '1' } }],
    });
    const attempts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [m] = await env.pull();
      attempts.push(m!.deliveryAttempt!);
      if (i < 4) await env.nack(m!.ackId!);
      // The last attempt expires instead of being nacked: expiry counts the same.
      else await env.clock.advance(11_000);
    }
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(await env.pull()).toHaveLength(0);
    const [dead] = await env.pull(env.dlqSub);
    expect(Buffer.from(dead!.message!.data as Uint8Array).toString()).toBe('poison');
    expect(dead!.message!.attributes).toMatchObject({
      a: '1',
      CloudPubSubDeadLetterSourceDeliveryCount: '5',
      CloudPubSubDeadLetterSourceSubscription: env.s.split('/')[3],
      CloudPubSubDeadLetterSourceSubscriptionProject: PROJECT,
    });
    expect(
      Date.parse(dead!.message!.attributes!.CloudPubSubDeadLetterSourceTopicPublishTime!),
    ).toBeGreaterThan(0);
    // A subscription without a dead-letter policy reports 0, as Google does.
    await env.raw.publisher.publish({ topic: env.dlq, messages: [{ data: Buffer.from('x') }] });
    const [plain] = await env.pull(env.dlqSub);
    expect(plain!.deliveryAttempt).toBe(0);
  });
});

describe('retry policy', () => {
  it('backs off exponentially between minimum and maximum after nacks and expiries', async () => {
    await using env = await setup({
      retryPolicy: { minimumBackoff: { seconds: 10 }, maximumBackoff: { seconds: 40 } },
    });
    await env.raw.publisher.publish({ topic: env.t, messages: [{ data: Buffer.from('x') }] });
    let [m] = await env.pull();
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      await env.nack(m!.ackId!);
      let waited = 0;
      for (;;) {
        const got = await env.pull();
        if (got.length > 0) {
          m = got[0];
          break;
        }
        await env.clock.advance(1_000);
        waited += 1_000;
        if (waited > 100_000) throw new Error('never redelivered');
      }
      gaps.push(waited);
    }
    expect(gaps).toEqual([10_000, 20_000, 40_000, 40_000]);
    // An expired lease backs off as well: 10 s lease + 40 s backoff.
    await env.clock.advance(10_000);
    expect(await env.pull()).toHaveLength(0);
    await env.clock.advance(39_000);
    expect(await env.pull()).toHaveLength(0);
    await env.clock.advance(1_000);
    expect(await env.pull()).toHaveLength(1);
  });

  it('rejects backoffs outside 0–600 s or with minimum above maximum', async () => {
    await using env = await setup({});
    const mk = (min: number, max: number) =>
      code(
        env.raw.subscriber.createSubscription({
          name: subPath(uid('s')),
          topic: env.t,
          retryPolicy: { minimumBackoff: { seconds: min }, maximumBackoff: { seconds: max } },
        }),
      );
    expect(await mk(700, 700)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(50, 20)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(1, 600)).toBe(0);
    expect(await mk(0, 0)).toBe(0);
  });

  it('honours a present 0 s minimum and fills only the absent backoff with its default', async () => {
    await using env = await setup({});
    const create = async (retryPolicy: Record<string, unknown>) => {
      const name = subPath(uid('s'));
      await env.raw.subscriber.createSubscription({ name, topic: env.t, retryPolicy });
      const [sub] = await env.raw.subscriber.getSubscription({ subscription: name });
      const p = sub.retryPolicy!;
      return [Number(p.minimumBackoff?.seconds ?? 0), Number(p.maximumBackoff?.seconds ?? 0)];
    };
    expect(await create({ minimumBackoff: { seconds: 0 }, maximumBackoff: { seconds: 1 } })).toEqual([0, 1]);
    expect(await create({ minimumBackoff: { seconds: 0 } })).toEqual([0, 600]);
    expect(await create({ maximumBackoff: { seconds: 30 } })).toEqual([10, 30]);
    expect(await create({})).toEqual([10, 600]);
  });

  it('redelivers at once after a nack when the minimum backoff is 0 s', async () => {
    await using env = await setup({
      retryPolicy: { minimumBackoff: { seconds: 0 }, maximumBackoff: { seconds: 1 } },
    });
    await env.raw.publisher.publish({ topic: env.t, messages: [{ data: Buffer.from('x') }] });
    const [first] = await env.pull();
    await env.nack(first!.ackId!);
    // The manual clock stands still: a 10 s default backoff would leave nothing to pull.
    const again = await env.pull();
    expect(again).toHaveLength(1);
    expect(again[0]!.message!.messageId).toBe(first!.message!.messageId);
  });

  it('accepts "0s" over REST', async () => {
    await using env = await setup({});
    const id = uid('s');
    const res = await rest(env.emu, `projects/${PROJECT}/subscriptions/${id}`, {
      method: 'PUT',
      body: { topic: env.t, retryPolicy: { minimumBackoff: '0s', maximumBackoff: '1s' } },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { retryPolicy: { minimumBackoff: string; maximumBackoff: string } };
    expect(body.retryPolicy).toEqual({ minimumBackoff: '0s', maximumBackoff: '1s' });
  });
});
