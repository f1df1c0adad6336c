// The spawned redis-server: ready on PING, loopback only, nothing left behind.
import { readFileSync } from 'node:fs';
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
    const before = trackedChildren().length;
    const seen: number[] = [];
    for (let round = 0; round < 2; round++) {
      const stack = await startStack({ services: [], ports: { redis: 0 } });
      const url = new URL(stack.redis!.url);
      seen.push(Number(url.port));
      expect(stack.env.REDIS_URL).toBe(stack.redis!.url);
      await pingOnce(url.hostname, Number(url.port));
      // Counted by port and among our own children: other test files run redis-servers meanwhile.
      expect(redisServerPids(Number(url.port))).toHaveLength(1);
      expect(trackedChildren().length).toBe(before + 1);
      await stack.stop();
      await stack.stop(); // idempotent
      await expect(pingOnce(url.hostname, Number(url.port), 500)).rejects.toThrow();
      expect(await eventually(() => redisServerPids(Number(url.port)).length === 0)).toBe(true);
      expect(trackedChildren().length).toBe(before);
    }
    expect(trackedChildren()).toEqual([]);
    expect(seen).toHaveLength(2);
  });

  it('reuses REDIS_URL instead of spawning, and explains when it does not answer', async () => {
    await using own = await startRedisServer();
    const before = trackedChildren().length;
    const stack = await startStack({ services: [], redisUrl: own.url });
    expect(stack.redis).toEqual({ url: own.url, spawned: false });
    expect(trackedChildren().length).toBe(before);
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

describe('redis-server off loopback (issue 14 finding 7)', () => {
  it('bound to 0.0.0.0 it requires a generated password (in its URL) and keeps protected mode', async () => {
    await using redis = await startRedisServer({ host: '0.0.0.0' });
    expect(redis.url).toMatch(/^redis:\/\/:[A-Za-z0-9_-]{32}@0\.0\.0\.0:\d+$/);
    expect(redis.url).toContain(`:${redis.password}@`);
    // The secret is not in the process table's command lines.
    expect(readFileSync(`/proc/${redis.pid}/cmdline`, 'utf8')).not.toContain(redis.password!);
    // Loopback only, as everywhere in these tests: the port a neighbour would reach refuses alike.
    await expect(pingOnce('127.0.0.1', redis.port, 2000)).rejects.toThrow(/NOAUTH/);
    await expect(pingOnce('127.0.0.1', redis.port, 2000, 'guess')).rejects.toThrow(/WRONGPASS/);
    await pingOnce('127.0.0.1', redis.port, 2000, redis.password);
    const owner = new Redis(redis.url.replace('0.0.0.0', '127.0.0.1'));
    try {
      expect(await owner.ping()).toBe('PONG');
      expect(await owner.config('GET', 'protected-mode')).toEqual(['protected-mode', 'yes']);
    } finally {
      owner.disconnect();
    }
  });

  it('on loopback it needs no password, with protected mode on all the same', async () => {
    await using redis = await startRedisServer();
    expect(redis.password).toBeUndefined();
    const client = new Redis(redis.url);
    try {
      expect(await client.config('GET', 'protected-mode')).toEqual(['protected-mode', 'yes']);
    } finally {
      client.disconnect();
    }
  });

  it('startStack --host 0.0.0.0 exports REDIS_URL with the password, and checks a given URL with it', async () => {
    await using stack = await startStack({ services: [], host: '0.0.0.0' });
    const url = new URL(stack.env.REDIS_URL!);
    expect(url.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const loopbackUrl = stack.env.REDIS_URL!.replace('0.0.0.0', '127.0.0.1');
    await using again = await startStack({ services: [], redisUrl: loopbackUrl });
    expect(again.redis).toEqual({ url: loopbackUrl, spawned: false });
    const noPassword = `redis://127.0.0.1:${url.port}`;
    const err = await startStack({ services: [], redisUrl: noPassword }).catch((e: Error) => e);
    expect((err as Error).message).toContain('NOAUTH');
  });
});

it('an outage restart off loopback keeps the password, so clients keep their REDIS_URL', async () => {
  await using stack = await startStack({ services: [], host: '0.0.0.0' });
  const url = stack.env.REDIS_URL!.replace('0.0.0.0', '127.0.0.1');
  await stack.stopService('redis');
  await stack.startService('redis');
  const client = new Redis(url);
  try {
    expect(await client.ping()).toBe('PONG');
  } finally {
    client.disconnect();
  }
});
