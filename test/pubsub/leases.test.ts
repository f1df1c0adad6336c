// Ack deadlines, acks, nacks and modacks with raw Pull on the manual clock.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { rawClients, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { code?: number }) => e.code,
  );

async function setup(options: { ackDeadlineSeconds?: number } = {}) {
  const clock = manualClock();
  const emu = await startEmulator({ clock });
  const raw = rawClients(emu);
  const t = topicPath(uid('t'));
  const s = subPath(uid('s'));
  await raw.publisher.createTopic({ name: t });
  await raw.subscriber.createSubscription({ name: s, topic: t, ...options });
  const publish = (...data: string[]) =>
    raw.publisher.publish({ topic: t, messages: data.map((d) => ({ data: Buffer.from(d) })) });
  const pull = async (max = 10) => {
    const [res] = await raw.subscriber.pull({ subscription: s, maxMessages: max, returnImmediately: true });
    return res.receivedMessages ?? [];
  };
  return {
    clock,
    emu,
    raw,
    t,
    s,
    publish,
    pull,
    async [Symbol.asyncDispose]() {
      await raw.close();
      await emu.stop();
    },
  };
}

describe('ack deadlines, acks, nacks and modacks', () => {
  it('defaults the ack deadline to 10 s and accepts only 10–600 s', async () => {
    await using env = await setup();
    const [sub] = await env.raw.subscriber.getSubscription({ subscription: env.s });
    expect(sub.ackDeadlineSeconds).toBe(10);
    const mk = (ackDeadlineSeconds: number) =>
      code(
        env.raw.subscriber.createSubscription({ name: subPath(uid('s')), topic: env.t, ackDeadlineSeconds }),
      );
    expect(await mk(5)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(601)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(600)).toBe(0);
  });

  it('redelivers when the ack deadline expires, with a new ack id', async () => {
    await using env = await setup();
    await env.publish('x');
    const [first] = await env.pull();
    expect(first).toBeDefined();
    await env.clock.advance(9_000);
    expect(await env.pull()).toHaveLength(0);
    await env.clock.advance(1_500);
    const [again] = await env.pull();
    expect(again?.message?.messageId).toBe(first!.message!.messageId);
    expect(again?.ackId).not.toBe(first!.ackId);
  });

  it('never redelivers an acked message', async () => {
    await using env = await setup();
    await env.publish('x');
    const [m] = await env.pull();
    await env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [m!.ackId!] });
    await env.clock.advance(60_000);
    expect(await env.pull()).toHaveLength(0);
  });

  it('redelivers at once after a nack (modack 0) and holds a message for a modack', async () => {
    await using env = await setup();
    await env.publish('a', 'b');
    const [a, b] = await env.pull(2);
    await env.raw.subscriber.modifyAckDeadline({
      subscription: env.s,
      ackIds: [a!.ackId!],
      ackDeadlineSeconds: 0,
    });
    const [again] = await env.pull();
    expect(again?.message?.messageId).toBe(a!.message!.messageId);
    await env.raw.subscriber.modifyAckDeadline({
      subscription: env.s,
      ackIds: [b!.ackId!],
      ackDeadlineSeconds: 60,
    });
    await env.clock.advance(30_000);
    const redelivered = await env.pull();
    // `a` (10 s lease) expired; `b` (60 s lease) did not.
    expect(redelivered.map((r) => r.message!.messageId)).toEqual([a!.message!.messageId]);
    await env.clock.advance(31_000);
    expect((await env.pull()).map((r) => r.message!.messageId)).toContain(b!.message!.messageId);
  });

  it('rejects modack deadlines outside 0–600 s and empty ack id lists', async () => {
    await using env = await setup();
    await env.publish('a');
    const [a] = await env.pull();
    const mod = (s: number) =>
      code(
        env.raw.subscriber.modifyAckDeadline({
          subscription: env.s,
          ackIds: [a!.ackId!],
          ackDeadlineSeconds: s,
        }),
      );
    expect(await mod(601)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mod(-1)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await code(env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [] }))).toBe(
      grpc.status.INVALID_ARGUMENT,
    );
    // Without exactly-once, stale or unknown (but well-formed) ack ids are accepted silently, as
    // Google does; one it cannot decode is INVALID_ARGUMENT (test/pubsub/request-limits.test.ts).
    const unknown = a!.ackId!.replace(/-\d+-(\d+)$/, '-999999999-$1');
    expect(await code(env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [unknown] }))).toBe(0);
  });

  it('uses a subscription ack deadline set at creation for Pull leases', async () => {
    await using env = await setup({ ackDeadlineSeconds: 30 });
    await env.publish('x');
    await env.pull();
    await env.clock.advance(20_000);
    expect(await env.pull()).toHaveLength(0);
    await env.clock.advance(11_000);
    expect(await env.pull()).toHaveLength(1);
  });

  it('waits on Pull without return_immediately until a message arrives', async () => {
    await using env = await setup();
    const pending = env.raw.subscriber.pull({ subscription: env.s, maxMessages: 5 });
    await new Promise((r) => setTimeout(r, 100));
    await env.publish('late');
    const [res] = await pending;
    expect(res.receivedMessages?.map((r) => Buffer.from(r.message!.data as Uint8Array).toString())).toEqual([
      'late',
    ]);
  });
});
