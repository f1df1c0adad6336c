// Labels follow Google's label rules on topics, subscriptions and snapshots (create and update,
// gRPC and REST): at most 64, lowercase keys starting with a letter, values of lowercase letters,
// digits, '_' and '-', 63 characters each. A refused request changes nothing.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClients, rest, snapPath, startEmulator, subPath, topicPath, uid } from './helpers.ts';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: grpc.status.OK, details: '' }),
    (e: { code?: number; details?: string }) => ({ code: e.code, details: e.details ?? '' }),
  );

describe('labels', () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let raw: ReturnType<typeof rawClients>;
  beforeAll(async () => {
    emu = await startEmulator();
    raw = rawClients(emu);
  });
  afterAll(async () => {
    await raw.close();
    await emu.stop();
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['an uppercase key', { Team: 'x' }, /key "Team"/],
    ['a key starting with a digit', { '1team': 'x' }, /key "1team"/],
    ['an empty key', { '': 'x' }, /key ""/],
    ['a 64-character key', { [`k${'a'.repeat(63)}`]: 'x' }, /key "k/],
    ['a dot in a value', { team: 'a.b' }, /value "a\.b"/],
    ['an uppercase value', { team: 'Dev' }, /value "Dev"/],
    ['a 64-character value', { team: 'v'.repeat(64) }, /value "v+"/],
    ['65 labels', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, ''])), /65 entries/],
  ];

  it.each(bad)('%s is INVALID_ARGUMENT on CreateTopic and creates nothing', async (_, labels, message) => {
    const name = topicPath(uid('t'));
    const got = await refusal(raw.publisher.createTopic({ name, labels }));
    expect(got.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(got.details).toMatch(message);
    expect((await refusal(raw.publisher.getTopic({ topic: name }))).code).toBe(grpc.status.NOT_FOUND);
  });

  it('what the rules allow is stored: 64 labels, international characters, empty values, 63 characters', async () => {
    const labels: Record<string, string> = Object.fromEntries(
      Array.from({ length: 61 }, (_, i) => [`k${i}`, '']),
    );
    Object.assign(labels, { équipe: 'données', [`k${'a'.repeat(62)}`]: 'v'.repeat(63), env_1: 'dev-2' });
    const name = topicPath(uid('t'));
    const [topic] = await raw.publisher.createTopic({ name, labels });
    expect(topic.labels).toEqual(labels);
  });

  it('subscriptions and snapshots: create and update refused alike; a refused update keeps the old labels', async () => {
    const t = topicPath(uid('t'));
    const s = subPath(uid('s'));
    await raw.publisher.createTopic({ name: t, labels: { team: 'a' } });
    const badSub = await refusal(
      raw.subscriber.createSubscription({ name: s, topic: t, labels: { X: '1' } }),
    );
    expect(badSub.code).toBe(grpc.status.INVALID_ARGUMENT);
    await raw.subscriber.createSubscription({ name: s, topic: t, labels: { team: 'a' } });
    const badUpdate = await refusal(
      raw.subscriber.updateSubscription({
        subscription: { name: s, labels: { team: 'B' } },
        updateMask: { paths: ['labels'] },
      }),
    );
    expect(badUpdate.code).toBe(grpc.status.INVALID_ARGUMENT);
    const [sub] = await raw.subscriber.getSubscription({ subscription: s });
    expect(sub.labels).toEqual({ team: 'a' });
    const badTopicUpdate = await refusal(
      raw.publisher.updateTopic({
        topic: { name: t, labels: { 'a.b': 'c' } },
        updateMask: { paths: ['labels'] },
      }),
    );
    expect(badTopicUpdate.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((await raw.publisher.getTopic({ topic: t }))[0].labels).toEqual({ team: 'a' });
    const snap = snapPath(uid('snap'));
    const badSnap = await refusal(
      raw.subscriber.createSnapshot({ name: snap, subscription: s, labels: { A: '' } }),
    );
    expect(badSnap.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('REST answers 400 INVALID_ARGUMENT for the same labels', async () => {
    const res = await rest(emu, topicPath(uid('t')), { method: 'PUT', body: { labels: { Team: 'x' } } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { status: 'INVALID_ARGUMENT', message: expect.stringMatching(/key "Team"/) },
    });
  });
});
