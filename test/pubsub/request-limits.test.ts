// Requests Google refuses with INVALID_ARGUMENT, over the wire: a Seek time outside Timestamp's
// range, ack ids it cannot decode, acknowledgement requests over 512 KiB, a Publish over the
// 10 MiB request limit (at once, not after a minute of client retries) and undecodable protobuf.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcMessage } from '../robustness/http2-frames.ts';
import { rawClients, rawGrpcCall, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const code = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { code?: number }) => e.code,
  );

async function setup() {
  const emu = await startEmulator();
  const raw = rawClients(emu);
  const t = topicPath(uid('t'));
  const s = subPath(uid('s'));
  await raw.publisher.createTopic({ name: t });
  await raw.subscriber.createSubscription({ name: s, topic: t });
  return {
    emu,
    raw,
    t,
    s,
    async [Symbol.asyncDispose]() {
      await raw.close();
      await emu.stop();
    },
  };
}

describe('requests Google refuses', () => {
  it('refuses a Seek time outside the Timestamp range and accepts an old one', async () => {
    await using env = await setup();
    const seek = (seconds: number) =>
      code(env.raw.subscriber.seek({ subscription: env.s, time: { seconds } }));
    expect(await seek(-1e12)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await seek(1e12)).toBe(grpc.status.INVALID_ARGUMENT);
    // Before the retention window is fine: only retained messages come back.
    expect(await seek(0)).toBe(0);
  });

  it('refuses ack ids it cannot decode, and accepts well-formed stale ones', async () => {
    await using env = await setup();
    await env.raw.publisher.publish({ topic: env.t, messages: [{ data: Buffer.from('x') }] });
    const [pulled] = await env.raw.subscriber.pull({
      subscription: env.s,
      maxMessages: 1,
      returnImmediately: true,
    });
    const ackId = pulled.receivedMessages![0]!.ackId!;
    const ack = env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [ackId, 'not an ack id'] });
    await expect(ack).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('invalid ack ID'),
    });
    const modack = env.raw.subscriber.modifyAckDeadline({
      subscription: env.s,
      ackIds: ['x'],
      ackDeadlineSeconds: 10,
    });
    expect(await code(modack)).toBe(grpc.status.INVALID_ARGUMENT);
    await env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [ackId] });
    expect(await code(env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [ackId] }))).toBe(0);
  });

  it('refuses acknowledgement requests over 512 KiB and takes 2,500 ids at a time', async () => {
    await using env = await setup();
    const ids = Array.from({ length: 100_000 }, (_, i) => `0abc-${i + 1}-1`);
    const calls = [
      () => env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: ids }),
      () =>
        env.raw.subscriber.modifyAckDeadline({ subscription: env.s, ackIds: ids, ackDeadlineSeconds: 30 }),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({
        code: grpc.status.INVALID_ARGUMENT,
        details: 'Request payload size exceeds the limit: 524288 bytes.',
      });
    }
    expect(
      await code(env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: ids.slice(0, 2500) })),
    ).toBe(0);
  });

  it('refuses a 70 MiB Publish at once with INVALID_ARGUMENT (not a retried RESOURCE_EXHAUSTED)', async () => {
    await using env = await setup();
    const started = Date.now();
    const publish = env.raw.publisher.publish({
      topic: env.t,
      messages: [{ data: Buffer.alloc(70 * 1024 * 1024) }],
    });
    await expect(publish).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'Request payload size exceeds the limit: 10485760 bytes.',
    });
    // The client retries RESOURCE_EXHAUSTED for 60 s; an INVALID_ARGUMENT ends the call at once.
    expect(Date.now() - started).toBeLessThan(30_000);
    const [ok] = await env.raw.publisher.publish({
      topic: env.t,
      messages: [{ data: Buffer.from('still serving') }],
    });
    expect(ok.messageIds).toHaveLength(1);
  });

  it('answers undecodable protobuf with INVALID_ARGUMENT, not INTERNAL', async () => {
    await using env = await setup();
    // Field 1 (topic) claims a length far past the end of the message.
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
    for (const rpc of ['/google.pubsub.v1.Publisher/Publish', '/google.pubsub.v1.Subscriber/Acknowledge']) {
      const answer = await rawGrpcCall(env.emu.address, rpc, [grpcMessage(garbage)]);
      expect(answer.status, `${rpc}: ${answer.message}`).toBe(String(grpc.status.INVALID_ARGUMENT));
    }
    await env.raw.publisher.getTopic({ topic: env.t });
  });
});
