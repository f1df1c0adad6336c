// gcp-devkit/testing over the wire: one test stack, two kits on it — each on its own names, the
// waits see what happened, and reset() empties one kit's subscriptions, objects and keys only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestKit,
  type StartedTestStack,
  startTestStack,
  type TestKit,
} from '../../src/testing/index.ts';

let stack: StartedTestStack;
let a: TestKit;
let b: TestKit;

beforeAll(async () => {
  stack = await startTestStack({ exportEnv: false });
  a = createTestKit({ env: stack.env });
  b = createTestKit({ env: stack.env });
  await Promise.all([a.provisionReferenceTopology(), b.provisionReferenceTopology()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await stack?.stop();
});

describe('createTestKit', () => {
  it('refuses to start without a stack in the env, saying what to add', () => {
    expect(() => createTestKit({ env: {} })).toThrow(/devkitGlobalSetup/);
  });

  it('gives each kit its own names; notifications of one never reach the other', async () => {
    expect(a.names.workBucket).not.toBe(b.names.workBucket);
    await a.storage.bucket(a.names.workBucket).file('x.txt').save('a', { resumable: false });
    await b.storage.bucket(b.names.workBucket).file('y.txt').save('b', { resumable: false });
    const [ma, mb] = await Promise.all([
      a.waitForMessage(a.names.workerSubscription),
      b.waitForMessage(b.names.workerSubscription),
    ]);
    expect(ma.attributes).toMatchObject({ bucketId: a.names.workBucket, objectId: 'x.txt' });
    expect(mb.attributes).toMatchObject({ bucketId: b.names.workBucket, objectId: 'y.txt' });
    expect((await a.waitForObject(a.names.workBucket, 'x.txt')).toString()).toBe('a');
  });

  it('waitForUnit resolves once the done marker is set, and times out saying which unit', async () => {
    const unit = `${a.names.workBucket}/u.txt#1`;
    await expect(a.waitForUnit(unit, 300)).rejects.toThrow(`unit ${unit} was not completed within 300 ms`);
    await a.redis.set(a.keys.done(unit), 'w1');
    await a.waitForUnit(unit, 5_000);
  });

  it("reset() empties its own subscriptions, objects and Redis keys, not the other kit's", async () => {
    const topic = a.pubsub.topic(a.names.available);
    await topic.publishMessage({ data: Buffer.from('backlog') });
    await a.storage.bucket(a.names.workBucket).file('z.txt').save('z', { resumable: false });
    await b.storage.bucket(b.names.workBucket).file('keep.txt').save('k', { resumable: false });
    await a.redis.set(a.keys.claim('u'), 'held');
    await b.redis.set(b.keys.claim('u'), 'held');
    await a.reset();
    expect((await a.storage.bucket(a.names.workBucket).getFiles({ versions: true }))[0]).toEqual([]);
    expect(await a.redis.keys(`${a.keys.prefix}:*`)).toEqual([]);
    expect(await b.redis.get(b.keys.claim('u'))).toBe('held');
    const [kept] = await b.storage.bucket(b.names.workBucket).getFiles();
    expect(kept.map((f) => f.name)).toContain('keep.txt');
    // Nothing published before the reset is delivered after it; what comes after is.
    await topic.publishMessage({ data: Buffer.from('after') });
    const seen: string[] = [];
    await a.waitForMessage(
      a.names.workerSubscription,
      (m) => seen.push(m.data.toString()) > 0 && m.data.toString() === 'after',
      10_000,
    );
    expect(seen).not.toContain('backlog');
  });
});
