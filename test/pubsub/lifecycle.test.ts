// Start/stop and resource lifecycle: PUBSUB_EMULATOR_HOST, expiration policy, streams on delete, restarts.
import { PubSub } from '@google-cloud/pubsub';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { client, PROJECT, rawClients, startEmulator, subPath, topicPath, uid, waitFor } from './helpers.ts';

describe('lifecycle', () => {
  it('serves the official client configured only through PUBSUB_EMULATOR_HOST', async () => {
    await using emu = await startEmulator();
    const saved = process.env.PUBSUB_EMULATOR_HOST;
    process.env.PUBSUB_EMULATOR_HOST = emu.address;
    try {
      const pubsub = new PubSub({ projectId: PROJECT });
      const [topic] = await pubsub.createTopic(uid('t'));
      const [exists] = await pubsub.topic(topic.name).exists();
      expect(exists).toBe(true);
      const [topics] = await pubsub.getTopics();
      expect(topics.map((t) => t.name)).toContain(topic.name);
      await pubsub.close();
    } finally {
      if (saved === undefined) delete process.env.PUBSUB_EMULATOR_HOST;
      else process.env.PUBSUB_EMULATOR_HOST = saved;
    }
  });

  it('deletes subscriptions idle past their expiration ttl, and keeps those that never expire', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    await raw.publisher.createTopic({ name: t });
    const expiring = subPath(uid('s'));
    const forever = subPath(uid('s'));
    await raw.subscriber.createSubscription({
      name: expiring,
      topic: t,
      expirationPolicy: { ttl: { seconds: 86_400 } },
    });
    await raw.subscriber.createSubscription({ name: forever, topic: t, expirationPolicy: {} });
    const [got] = await raw.subscriber.getSubscription({ subscription: forever });
    expect(got.expirationPolicy?.ttl ?? null).toBeNull();
    expect(
      await raw.subscriber
        .createSubscription({
          name: subPath(uid('s')),
          topic: t,
          expirationPolicy: { ttl: { seconds: 3600 } },
        })
        .then(
          () => 0,
          (e: { code: number }) => e.code,
        ),
    ).toBe(grpc.status.INVALID_ARGUMENT);
    await clock.advance(86_400_000 + 120_000);
    const code = await raw.subscriber.getSubscription({ subscription: expiring }).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    expect(code).toBe(grpc.status.NOT_FOUND);
    await raw.subscriber.getSubscription({ subscription: forever });
    await raw.close();
  });

  it('ends open streams when their subscription is deleted, and refuses unknown ones', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t });
    await raw.subscriber.createSubscription({ name: s, topic: t });
    const errorOf = (subscription: string) => {
      const stream = raw.subscriber.streamingPull();
      const result = { code: -1 };
      stream.on('error', (e: { code: number }) => {
        result.code = e.code;
      });
      stream.on('data', () => undefined);
      stream.write({ subscription, streamAckDeadlineSeconds: 10 });
      return result;
    };
    const badDeadline = raw.subscriber.streamingPull();
    const bad = { code: -1 };
    badDeadline.on('error', (e: { code: number }) => {
      bad.code = e.code;
    });
    badDeadline.on('data', () => undefined);
    badDeadline.write({ subscription: s, streamAckDeadlineSeconds: 5 });
    await waitFor(() => bad.code !== -1, 5000, 'error for a 5 s stream deadline');
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    const missing = errorOf(subPath(uid('nope')));
    await waitFor(() => missing.code !== -1, 5000, 'error for unknown subscription');
    expect(missing.code).toBe(grpc.status.NOT_FOUND);
    const open = errorOf(s);
    await waitFor(() => emu.state.subs.get(s)?.lessees.length === 1, 5000, 'stream attached');
    await raw.subscriber.deleteSubscription({ subscription: s });
    await waitFor(() => open.code !== -1, 5000, 'stream ended');
    expect(open.code).toBe(grpc.status.NOT_FOUND);
    await raw.close();
  });

  it('stops promptly with live streaming subscribers and frees its port for a restart', async () => {
    const emu = await startEmulator();
    const pubsub = client(emu);
    const [topic] = await pubsub.createTopic(uid('t'));
    const [sub] = await topic.createSubscription(uid('s'));
    sub.on('message', (m) => m.ack());
    sub.on('error', () => undefined);
    await waitFor(() => (emu.state.subs.get(sub.name)?.lessees.length ?? 0) > 0, 5000, 'streams open');
    const started = Date.now();
    await emu.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    await sub.close().catch(() => undefined);
    await pubsub.close();
    await using again = await startPubSubEmulator({ port: emu.port, project: PROJECT });
    expect(again.port).toBe(emu.port);
    const raw = rawClients(again);
    const [t] = await raw.publisher.createTopic({ name: topicPath(uid('t')) });
    expect(t.name).toBeTruthy();
    await raw.close();
  });

  it('rejects a port in use with the listen error and leaves nothing running', async () => {
    await using first = await startEmulator();
    await expect(startPubSubEmulator({ port: first.port, project: PROJECT })).rejects.toThrow(/EADDRINUSE/);
    const raw = rawClients(first);
    const [t] = await raw.publisher.createTopic({ name: topicPath(uid('t')) });
    expect(t.name).toBeTruthy();
    await raw.close();
  });
});
