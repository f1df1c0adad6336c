// StreamingPull: competing consumers, flow control windows, stream ack deadline, keepalives, stream acks.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { client, rawClients, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

interface StreamResponse {
  receivedMessages?: { ackId?: string; message?: { messageId?: string } }[];
  subscriptionProperties?: { exactlyOnceDeliveryEnabled?: boolean };
}

function openStream(raw: ReturnType<typeof rawClients>, first: Record<string, unknown>) {
  const stream = raw.subscriber.streamingPull();
  const responses: StreamResponse[] = [];
  stream.on('data', (r: StreamResponse) => responses.push(r));
  stream.on('error', () => undefined);
  stream.write(first);
  const received = () => responses.flatMap((r) => r.receivedMessages ?? []);
  return { stream, responses, received };
}

describe('StreamingPull', () => {
  it('spreads one subscription over competing consumers and delivers each message once', async () => {
    await using emu = await startEmulator();
    const a = client(emu);
    const b = client(emu);
    const [topic] = await a.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'));
    const seen = { a: [] as string[], b: [] as string[] };
    const opts = { streamingOptions: { maxStreams: 1 } };
    const subA = a.subscription(sub.name, opts);
    const subB = b.subscription(sub.name, opts);
    subA.on('message', (m) => {
      seen.a.push(m.id);
      setTimeout(() => m.ack(), 20);
    });
    subB.on('message', (m) => {
      seen.b.push(m.id);
      setTimeout(() => m.ack(), 20);
    });
    await waitFor(() => emu.state.subs.get(sub.name)?.lessees.length === 2, 5000, 'two streams');
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, i) => topic.publishMessage({ data: Buffer.from(`${i}`) })),
    );
    await waitFor(() => seen.a.length + seen.b.length >= 40, 10_000, 'all deliveries');
    expect(seen.a.length).toBeGreaterThan(0);
    expect(seen.b.length).toBeGreaterThan(0);
    expect([...seen.a, ...seen.b].sort()).toEqual([...ids].sort());
    await subA.close();
    await subB.close();
    await a.close();
    await b.close();
  });

  it('respects max_outstanding_messages and refills the window on ack', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t });
    await raw.publisher.publish({
      topic: t,
      messages: [1, 2, 3, 4, 5].map((i) => ({ data: Buffer.from(`${i}`) })),
    });
    const { stream, received } = openStream(raw, {
      subscription: s,
      streamAckDeadlineSeconds: 60,
      maxOutstandingMessages: 2,
    });
    await waitFor(() => received().length === 2, 5000, 'first window');
    await new Promise((r) => setTimeout(r, 150));
    expect(received()).toHaveLength(2);
    stream.write({ ackIds: [received()[0]!.ackId] });
    await waitFor(() => received().length === 3, 5000, 'refill after ack');
    await new Promise((r) => setTimeout(r, 100));
    expect(received()).toHaveLength(3);
    stream.end();
    await raw.close();
  });

  it('leases with stream_ack_deadline_seconds and answers empty keepalive requests', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t });
    const { stream, responses, received } = openStream(raw, {
      subscription: s,
      streamAckDeadlineSeconds: 45,
    });
    await waitFor(() => responses.length >= 1, 5000, 'initial response');
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('x') }] });
    await waitFor(() => received().length === 1, 5000, 'delivery');
    const before = responses.length;
    stream.write({});
    await waitFor(() => responses.length > before, 5000, 'keepalive answer');
    expect(responses[responses.length - 1]!.receivedMessages ?? []).toHaveLength(0);
    // Sub default is 10 s; the stream asked for 45 s, so the lease outlives 30 s.
    await clock.advance(30_000);
    const [pulled] = await raw.subscriber.pull({ subscription: s, maxMessages: 5, returnImmediately: true });
    expect(pulled.receivedMessages ?? []).toHaveLength(0);
    stream.end();
    await clock.advance(16_000);
    const [later] = await raw.subscriber.pull({ subscription: s, maxMessages: 5, returnImmediately: true });
    expect(later.receivedMessages ?? []).toHaveLength(1);
    await raw.close();
  });

  it('acks and modacks through the stream', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t });
    await raw.publisher.publish({
      topic: t,
      messages: [{ data: Buffer.from('a') }, { data: Buffer.from('b') }],
    });
    const { stream, received } = openStream(raw, { subscription: s, streamAckDeadlineSeconds: 10 });
    await waitFor(() => received().length === 2, 5000, 'delivery');
    const [a, b] = received();
    stream.write({ ackIds: [a!.ackId], modifyDeadlineAckIds: [b!.ackId], modifyDeadlineSeconds: [0] });
    // b was nacked: it comes back on the same stream; a never does.
    await waitFor(() => received().length === 3, 5000, 'redelivery of b');
    expect(received()[2]!.message!.messageId).toBe(b!.message!.messageId);
    stream.end();
    await raw.close();
  });
});

describe('StreamingPull byte window', () => {
  it('respects max_outstanding_bytes', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t });
    const data = Buffer.alloc(100, 'x');
    await raw.publisher.publish({ topic: t, messages: Array.from({ length: 6 }, () => ({ data })) });
    const { stream, received } = openStream(raw, {
      subscription: s,
      streamAckDeadlineSeconds: 60,
      maxOutstandingBytes: 250,
    });
    await waitFor(() => received().length === 2, 5000, 'first byte window');
    await new Promise((r) => setTimeout(r, 150));
    expect(received()).toHaveLength(2);
    stream.write({ ackIds: [received()[0]!.ackId, received()[1]!.ackId] });
    await waitFor(() => received().length === 4, 5000, 'second byte window');
    stream.end();
    await raw.close();
  });
});
