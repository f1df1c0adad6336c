// The spawned redis-server: ready on PING, loopback only, nothing left behind.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.ts';
import { startRedisServer, startStack, trackedChildren } from '../../src/stack/index.ts';
import { pingOnce } from '../../src/stack/redis-server.ts';
import { eventually, isAlive, redisServerPids } from '../helpers/processes.ts';

describe('redis-server lifecycle', () => {
  it('starts on a free loopback port without persistence and stops without a trace', async () => {
    const redis = await startRedisServer();
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const client = new Redis(redis.url);
    try {
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    } finally {
      client.disconnect();
    }
    expect(redisServerPids(redis.port)).toEqual([redis.pid]);
    await redis.stop();
    expect(isAlive(redis.pid)).toBe(false);
    await expect(pingOnce('127.0.0.1', redis.port, 500)).rejects.toThrow();
  });

  it('names the install commands and REDIS_URL when the binary is missing', async () => {
    const err = await startRedisServer({ binary: '/nonexistent/redis-server' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('apt-get install redis-server');
    expect((err as Error).message).toContain('brew install redis');
    expect((err as Error).message).toContain('REDIS_URL');
  });

  it('starts and stops the stack twice in one process without leaking ports or processes', async () => {
    const before = redisServerPids().length;
    const seen: number[] = [];
    for (let round = 0; round < 2; round++) {
      const stack = await startStack({ services: [], ports: { redis: 0 } });
      const url = new URL(stack.redis!.url);
      seen.push(Number(url.port));
      expect(stack.env.REDIS_URL).toBe(stack.redis!.url);
      await pingOnce(url.hostname, Number(url.port));
      expect(redisServerPids().length).toBe(before + 1);
      await stack.stop();
      await stack.stop(); // idempotent
      await expect(pingOnce(url.hostname, Number(url.port), 500)).rejects.toThrow();
      expect(await eventually(() => redisServerPids().length === before)).toBe(true);
    }
    expect(trackedChildren()).toEqual([]);
    expect(seen).toHaveLength(2);
  });

  it('reuses REDIS_URL instead of spawning, and explains when it does not answer', async () => {
    await using own = await startRedisServer();
    const before = redisServerPids().length;
    const stack = await startStack({ services: [], redisUrl: own.url });
    expect(stack.redis).toEqual({ url: own.url, spawned: false });
    expect(redisServerPids().length).toBe(before);
    await stack.stop();
    const err = await startStack({ services: [], redisUrl: 'redis://127.0.0.1:1' }).catch((e: Error) => e);
    expect((err as Error).message).toContain('REDIS_URL=redis://127.0.0.1:1 does not answer');
  });
});

describe('stack services', () => {
  it('stops Redis for an outage and starts it again on the same port', async () => {
    await using stack = await startStack({ services: [] });
    const url = new URL(stack.redis!.url);
    const client = new Redis(stack.redis!.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    try {
      await client.set('k', 'v');
      await stack.stopService('redis');
      await expect(pingOnce(url.hostname, Number(url.port), 300)).rejects.toThrow();
      await stack.startService('redis');
      await pingOnce(url.hostname, Number(url.port));
      // A fresh Redis without persistence: the outage lost the data, and the client reconnected.
      expect(await client.get('k')).toBeNull();
    } finally {
      client.disconnect();
    }
    await expect(stack.stopService('pubsub')).rejects.toThrow('pubsub is not part of this stack');
  });
});
