// Resource-name validation and the gRPC status codes Google answers with (including UNIMPLEMENTED).
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { PROJECT, rawClients, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: number }).code;
  }
  return 0;
};

describe('resource names and error codes', () => {
  it('rejects invalid topic and subscription names with INVALID_ARGUMENT', async () => {
    await using emu = await startEmulator();
    const { publisher, subscriber, close } = rawClients(emu);
    for (const bad of ['ab', 'goog-topic', '1starts-with-digit', 'has space', 'x'.repeat(256), 'bad/slash']) {
      expect(await code(publisher.createTopic({ name: topicPath(bad) })), bad).toBe(
        grpc.status.INVALID_ARGUMENT,
      );
    }
    expect(await code(publisher.createTopic({ name: `projects/${PROJECT}/topicz/abc` }))).toBe(3);
    const ok = uid('Ok_name.~+%');
    await publisher.createTopic({ name: topicPath(ok) });
    expect(
      await code(subscriber.createSubscription({ name: subPath('goog-sub'), topic: topicPath(ok) })),
    ).toBe(3);
    await close();
  });

  it('answers ALREADY_EXISTS, NOT_FOUND and FAILED_PRECONDITION where Google does', async () => {
    await using emu = await startEmulator();
    const { publisher, subscriber, close } = rawClients(emu);
    const t = topicPath(uid('t'));
    await publisher.createTopic({ name: t });
    expect(await code(publisher.createTopic({ name: t }))).toBe(grpc.status.ALREADY_EXISTS);
    expect(await code(publisher.getTopic({ topic: topicPath(uid('missing')) }))).toBe(grpc.status.NOT_FOUND);
    expect(
      await code(
        publisher.publish({ topic: topicPath(uid('missing')), messages: [{ data: Buffer.from('x') }] }),
      ),
    ).toBe(grpc.status.NOT_FOUND);
    expect(
      await code(subscriber.createSubscription({ name: subPath(uid('s')), topic: topicPath(uid('nope')) })),
    ).toBe(grpc.status.NOT_FOUND);
    const s = subPath(uid('s'));
    await subscriber.createSubscription({ name: s, topic: t });
    expect(await code(subscriber.createSubscription({ name: s, topic: t }))).toBe(grpc.status.ALREADY_EXISTS);
    expect(await code(subscriber.getSubscription({ subscription: subPath(uid('x')) }))).toBe(
      grpc.status.NOT_FOUND,
    );
    await publisher.detachSubscription({ subscription: s });
    expect(await code(subscriber.pull({ subscription: s, maxMessages: 1, returnImmediately: true }))).toBe(
      grpc.status.FAILED_PRECONDITION,
    );
    await close();
  });

  it('answers UNIMPLEMENTED for services and RPCs it does not serve, and keeps serving', async () => {
    await using emu = await startEmulator();
    const channel = new grpc.Client(emu.address, grpc.credentials.createInsecure());
    const unary = (path: string) =>
      new Promise<number>((resolve) => {
        channel.makeUnaryRequest(
          path,
          (x: Buffer) => x,
          (x: Buffer) => x,
          Buffer.alloc(0),
          { deadline: Date.now() + 5000 },
          (err) => resolve(err?.code ?? 0),
        );
      });
    expect(await unary('/google.longrunning.Operations/GetOperation')).toBe(grpc.status.UNIMPLEMENTED);
    expect(await unary('/google.pubsub.v1.Publisher/NoSuchRpc')).toBe(grpc.status.UNIMPLEMENTED);
    expect(await unary('/google.pubsub.v1.SchemaService/NoSuchRpc')).toBe(grpc.status.UNIMPLEMENTED);
    // SchemaService and IAMPolicy are served now: an empty request is a bad argument, not unknown.
    expect(await unary('/google.pubsub.v1.SchemaService/ListSchemas')).toBe(grpc.status.INVALID_ARGUMENT);
    channel.close();
    const { publisher, close } = rawClients(emu);
    const [topic] = await publisher.createTopic({ name: topicPath(uid('t')) });
    expect(topic.name).toContain('/topics/');
    await close();
  });
});
