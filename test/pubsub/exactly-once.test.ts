// Exactly-once delivery: ErrorInfo on failed acks/modacks (raw client, official client, stream confirmations).
import type { Message } from '@google-cloud/pubsub';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { client, rawClients, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

interface GaxError {
  code?: number;
  reason?: string;
  domain?: string;
  errorInfoMetadata?: Record<string, string>;
}
const failure = async (p: Promise<unknown>): Promise<GaxError> =>
  p.then(
    () => ({}),
    (e: GaxError) => e,
  );

describe('exactly-once delivery', () => {
  it('fails acks and modacks of expired or unknown ack ids with the ErrorInfo clients read', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, enableExactlyOnceDelivery: true });
    await raw.publisher.publish({
      topic: t,
      messages: [{ data: Buffer.from('a') }, { data: Buffer.from('b') }],
    });
    const [res] = await raw.subscriber.pull({ subscription: s, maxMessages: 2, returnImmediately: true });
    const [a, b] = res.receivedMessages!;
    // A live lease acks fine; the same id a second time no longer names a lease.
    await raw.subscriber.acknowledge({ subscription: s, ackIds: [b!.ackId!] });
    const again = await failure(raw.subscriber.acknowledge({ subscription: s, ackIds: [b!.ackId!] }));
    expect(again.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(again.reason).toBe('EXACTLY_ONCE_ACKID_FAILURE');
    expect(again.errorInfoMetadata).toEqual({ [b!.ackId!]: 'PERMANENT_FAILURE_INVALID_ACK_ID' });

    await clock.advance(11_000);
    const expired = await failure(
      raw.subscriber.acknowledge({ subscription: s, ackIds: [a!.ackId!, 'bogus-id'] }),
    );
    expect(expired.reason).toBe('EXACTLY_ONCE_ACKID_FAILURE');
    expect(expired.domain).toBe('pubsub.googleapis.com');
    expect(expired.errorInfoMetadata).toEqual({
      [a!.ackId!]: 'PERMANENT_FAILURE_INVALID_ACK_ID',
      'bogus-id': 'PERMANENT_FAILURE_INVALID_ACK_ID',
    });
    const mod = await failure(
      raw.subscriber.modifyAckDeadline({ subscription: s, ackIds: [a!.ackId!], ackDeadlineSeconds: 30 }),
    );
    expect(mod.errorInfoMetadata).toEqual({ [a!.ackId!]: 'PERMANENT_FAILURE_INVALID_ACK_ID' });
    // The expired message is redelivered under a new ack id, which works.
    const [re] = await raw.subscriber.pull({ subscription: s, maxMessages: 2, returnImmediately: true });
    expect(re.receivedMessages!.map((r) => r.message!.messageId)).toEqual([a!.message!.messageId]);
    await raw.subscriber.acknowledge({ subscription: s, ackIds: [re.receivedMessages![0]!.ackId!] });
    await raw.close();
  });

  it('lets the official client see ack success and permanent failure (AckResponses.Invalid)', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'), { enableExactlyOnceDelivery: true });
    const got: Message[] = [];
    sub.on('message', (m: Message) => got.push(m));
    await topic.publishMessage({ data: Buffer.from('one') });
    await topic.publishMessage({ data: Buffer.from('two') });
    await waitFor(() => got.length === 2, 10_000, 'two messages');
    await expect(got[0]!.ackWithResponse()).resolves.toBe('SUCCESS');
    // Jump past every lease at once; the client's extensions (real timers) cannot keep up.
    await clock.advance(3_600_000);
    const err = await got[1]!.ackWithResponse().then(
      () => undefined,
      (e: { errorCode?: string }) => e,
    );
    expect(err?.errorCode).toBe('INVALID');
    await sub.close();
    await pubsub.close();
  });
});

describe('exactly-once over the stream', () => {
  it('confirms stream acks and lists the invalid ones', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t, enableExactlyOnceDelivery: true });
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('a') }] });
    const stream = raw.subscriber.streamingPull();
    const responses: {
      receivedMessages?: { ackId?: string }[];
      acknowledgeConfirmation?: { ackIds?: string[]; invalidAckIds?: string[] } | null;
      subscriptionProperties?: { exactlyOnceDeliveryEnabled?: boolean } | null;
    }[] = [];
    stream.on('data', (r: (typeof responses)[number]) => responses.push(r));
    stream.on('error', () => undefined); // CANCELLED when the client closes
    stream.write({ subscription: s, streamAckDeadlineSeconds: 60 });
    await waitFor(() => responses.some((r) => r.receivedMessages?.length), 5000, 'delivery');
    expect(responses[0]!.subscriptionProperties?.exactlyOnceDeliveryEnabled).toBe(true);
    const ackId = responses.flatMap((r) => r.receivedMessages ?? [])[0]!.ackId!;
    stream.write({ ackIds: [ackId, 'not-a-real-id'] });
    await waitFor(() => responses.some((r) => r.acknowledgeConfirmation), 5000, 'confirmation');
    const confirmation = responses.find((r) => r.acknowledgeConfirmation)!.acknowledgeConfirmation!;
    expect(confirmation.ackIds).toEqual([ackId]);
    expect(confirmation.invalidAckIds).toEqual(['not-a-real-id']);
    stream.end();
    await raw.close();
  });
});
