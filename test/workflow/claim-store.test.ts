// The claim protocol against a real redis-server: every Lua script checks the owner token.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedRedis, startRedisServer } from '../../src/stack/index.ts';
import {
  AlreadyDoneError,
  ClaimHeldError,
  claimError,
  createClaimStore,
  LeaseLostError,
  workflowKeys,
} from '../../src/workflow/index.ts';

let server: StartedRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const setup = () => {
  const keys = workflowKeys(`t-${randomUUID()}`);
  return { keys, a: createClaimStore(redis, keys, 'worker-a'), b: createClaimStore(redis, keys, 'worker-b') };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('claim store', () => {
  it('claims with a token and a lease; a second worker is refused with the remaining time', async () => {
    const { keys, a, b } = setup();
    const lease = await a.claim('bkt/obj#1', 5000);
    expect(lease.owner).toMatch(/^worker-a:[0-9a-f]{16}$/);
    expect(await redis.get(keys.claim('bkt/obj#1'))).toBe(lease.owner);
    const pttl = await redis.pttl(keys.claim('bkt/obj#1'));
    expect(pttl).toBeGreaterThan(4000);
    const err = await b.claim('bkt/obj#1', 5000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClaimHeldError);
    expect((err as ClaimHeldError).remainingMs).toBeGreaterThan(4000);
    expect(await redis.get(keys.claim('bkt/obj#1'))).toBe(lease.owner);
  });

  it('records when Redis last confirmed the lease: sent time of the claim, then of each extend', async () => {
    const { a } = setup();
    const before = performance.now();
    const lease = await a.claim('bkt/obj#c', 5000);
    expect(lease.confirmedAt).toBeGreaterThanOrEqual(before);
    expect(lease.confirmedAt).toBeLessThanOrEqual(performance.now());
    const claimedAt = lease.confirmedAt;
    await sleep(5);
    await a.extend(lease, 5000);
    expect(lease.confirmedAt).toBeGreaterThan(claimedAt);
  });

  it('lets another worker claim once the lease expired, and the old owner can no longer extend', async () => {
    const { a, b } = setup();
    const old = await a.claim('bkt/obj#2', 150);
    await sleep(250);
    const fresh = await b.claim('bkt/obj#2', 5000);
    await expect(a.extend(old, 5000)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(b.extend(fresh, 5000)).resolves.toBeUndefined();
  });

  it('extend keeps a lease alive past its original expiry', async () => {
    const { a, b } = setup();
    const lease = await a.claim('bkt/obj#3', 300);
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      await a.extend(lease, 300);
    }
    await expect(b.claim('bkt/obj#3', 300)).rejects.toBeInstanceOf(ClaimHeldError);
  });

  it('a stale owner cannot complete or release: done stays unset and the new claim untouched', async () => {
    const { keys, a, b } = setup();
    const old = await a.claim('bkt/obj#4', 100);
    await sleep(200);
    const fresh = await b.claim('bkt/obj#4', 5000);
    await expect(a.complete(old, 60_000)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(a.release(old)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await redis.exists(keys.done('bkt/obj#4'))).toBe(0);
    expect(await redis.get(keys.claim('bkt/obj#4'))).toBe(fresh.owner);
  });

  it('complete marks done with a TTL and frees the claim; later claims say already done', async () => {
    const { keys, a, b } = setup();
    const lease = await a.claim('bkt/obj#5', 5000);
    await a.complete(lease, 60_000);
    expect(await redis.exists(keys.claim('bkt/obj#5'))).toBe(0);
    expect(await redis.get(keys.done('bkt/obj#5'))).toBe(lease.owner);
    const ttl = await redis.pttl(keys.done('bkt/obj#5'));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await expect(b.claim('bkt/obj#5', 5000)).rejects.toBeInstanceOf(AlreadyDoneError);
    expect(await b.isDone('bkt/obj#5')).toBe(true);
    // a completed lease cannot be completed twice
    await expect(a.complete(lease, 60_000)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('release frees the unit at once for another worker', async () => {
    const { a, b } = setup();
    const lease = await a.claim('bkt/obj#6', 60_000);
    expect(await b.isClaimed('bkt/obj#6')).toBe(true);
    await a.release(lease);
    expect(await b.isClaimed('bkt/obj#6')).toBe(false);
    await expect(b.claim('bkt/obj#6', 1000)).resolves.toMatchObject({ unitKey: 'bkt/obj#6' });
  });

  it('keeps namespaces apart: the same unit under two prefixes is two units', async () => {
    const one = setup();
    const two = setup();
    await one.a.claim('bkt/obj#7', 5000);
    await expect(two.b.claim('bkt/obj#7', 5000)).resolves.toBeDefined();
    expect(await redis.keys(one.keys.claimPattern())).toEqual([one.keys.claim('bkt/obj#7')]);
  });

  it('maps every script code to its typed error, and refuses unknown codes', () => {
    expect(claimError(-1, 'u')).toBeInstanceOf(AlreadyDoneError);
    expect(claimError(-2, 'u', 42)).toMatchObject({ code: 'HELD', remainingMs: 42 });
    expect(claimError(-3, 'u')).toBeInstanceOf(LeaseLostError);
    expect(() => claimError(-9, 'u')).toThrow(/unexpected claim script reply -9/);
    expect(() => workflowKeys('has space')).toThrow(/invalid key prefix/);
  });
});
