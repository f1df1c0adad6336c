// Snapshots, Seek to a snapshot or a time, retention.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { PROJECT, rawClients, snapPath, startEmulator, subPath, topicPath, uid } from './helpers.ts';

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

describe('snapshots and seek', () => {
  it('creates, gets, lists, updates and deletes snapshots', async () => {
    await using env = await setup();
    const name = snapPath(uid('snap'));
    const [snap] = await env.raw.subscriber.createSnapshot({ name, subscription: env.s, labels: { a: '1' } });
    expect(snap.topic).toBe(env.t);
    expect(Number(snap.expireTime!.seconds)).toBeGreaterThan(env.clock.now() / 1000);
    expect(await code(env.raw.subscriber.createSnapshot({ name, subscription: env.s }))).toBe(
      grpc.status.ALREADY_EXISTS,
    );
    const [got] = await env.raw.subscriber.getSnapshot({ snapshot: name });
    expect(got.labels).toEqual({ a: '1' });
    const [list] = await env.raw.subscriber.listSnapshots(
      { project: `projects/${PROJECT}` },
      { autoPaginate: false },
    );
    expect(list.map((x) => x.name)).toContain(name);
    const [topicSnaps] = await env.raw.publisher.listTopicSnapshots(
      { topic: env.t },
      { autoPaginate: false },
    );
    expect(topicSnaps).toEqual([name]);
    const [updated] = await env.raw.subscriber.updateSnapshot({
      snapshot: { name, labels: { b: '2' } },
      updateMask: { paths: ['labels'] },
    });
    expect(updated.labels).toEqual({ b: '2' });
    await env.raw.subscriber.deleteSnapshot({ snapshot: name });
    expect(await code(env.raw.subscriber.getSnapshot({ snapshot: name }))).toBe(grpc.status.NOT_FOUND);
  });

  it('seeks to a snapshot: unacked-at-creation plus later messages come back', async () => {
    await using env = await setup();
    await env.publish('a', 'b');
    const [a] = await env.pull();
    await env.raw.subscriber.acknowledge({ subscription: env.s, ackIds: [a!.ackId!] });
    await env.clock.advance(11_000); // b's lease expires, it is unacked again
    const snap = snapPath(uid('snap'));
    await env.raw.subscriber.createSnapshot({ name: snap, subscription: env.s });
    await env.publish('c');
    expect((await env.drain()).sort()).toEqual(['b', 'c']);
    expect(await env.drain()).toEqual([]);
    await env.raw.subscriber.seek({ subscription: env.s, snapshot: snap });
    expect(await env.drain()).toEqual(['b', 'c']);
    // A snapshot of another topic cannot be applied.
    const other = topicPath(uid('other'));
    const otherSub = subPath(uid('os'));
    await env.raw.publisher.createTopic({ name: other });
    await env.raw.subscriber.createSubscription({ name: otherSub, topic: other });
    expect(await code(env.raw.subscriber.seek({ subscription: otherSub, snapshot: snap }))).toBe(
      grpc.status.FAILED_PRECONDITION,
    );
  });

  it('seeks to a time with retained acked messages, forwards and back', async () => {
    await using env = await setup({ retainAckedMessages: true });
    const t0 = env.clock.now();
    await env.publish('a');
    await env.clock.advance(60_000);
    const t1 = env.clock.now();
    await env.publish('b');
    expect(await env.drain()).toEqual(['a', 'b']);
    await env.raw.subscriber.seek({ subscription: env.s, time: { seconds: Math.floor(t1 / 1000) } });
    expect(await env.drain()).toEqual(['b']);
    await env.raw.subscriber.seek({ subscription: env.s, time: { seconds: Math.floor(t0 / 1000) } });
    expect(await env.drain()).toEqual(['a', 'b']);
    await env.publish('c');
    await env.raw.subscriber.seek({ subscription: env.s, time: { seconds: Math.floor(t1 / 1000) + 3600 } });
    expect(await env.drain()).toEqual([]);
  });

  it('drops messages older than the subscription retention and validates the range', async () => {
    await using env = await setup({ messageRetentionDuration: { seconds: 600 } });
    await env.publish('old');
    await env.clock.advance(11 * 60_000);
    expect(await env.pull()).toHaveLength(0);
    const mk = (seconds: number) =>
      code(
        env.raw.subscriber.createSubscription({
          name: subPath(uid('s')),
          topic: env.t,
          messageRetentionDuration: { seconds },
        }),
      );
    expect(await mk(60)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await mk(8 * 24 * 3600)).toBe(grpc.status.INVALID_ARGUMENT);
  });
});

describe('seek with topic retention', () => {
  it('replays messages published before the subscription existed when the topic retains them', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const raw = rawClients(emu);
    const t = topicPath(uid('t'));
    await raw.publisher.createTopic({ name: t, messageRetentionDuration: { seconds: 3600 } });
    const start = clock.now();
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('early') }] });
    await clock.advance(60_000);
    const s = subPath(uid('s'));
    await raw.subscriber.createSubscription({ name: s, topic: t });
    await raw.publisher.publish({ topic: t, messages: [{ data: Buffer.from('late') }] });
    await raw.subscriber.seek({ subscription: s, time: { seconds: Math.floor(start / 1000) } });
    const [res] = await raw.subscriber.pull({ subscription: s, maxMessages: 10, returnImmediately: true });
    expect(res.receivedMessages!.map(text)).toEqual(['early', 'late']);
    await raw.close();
  });
});
