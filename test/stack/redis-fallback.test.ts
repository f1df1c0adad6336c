// The Redis a stack gets without REDIS_URL: redis-server from PATH, else a Redis container when a
// Docker engine answers, else redis-server's "not found" error saying how to get one.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.ts';
import { checkDockerEngine, startLocalRedis, startStack, waitForPing } from '../../src/stack/index.ts';

const saved = { bin: process.env.REDIS_SERVER_BIN, docker: process.env.DOCKER_HOST };
afterEach(() => {
  for (const [key, value] of [
    ['REDIS_SERVER_BIN', saved.bin],
    ['DOCKER_HOST', saved.docker],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const engine = await checkDockerEngine();

describe('local Redis fallback chain', () => {
  it('uses redis-server from PATH first', async () => {
    const redis = await startLocalRedis({ host: '127.0.0.1', port: 0 });
    try {
      expect(redis.kind).toBe('redis-server');
      await waitForPing('127.0.0.1', redis.port, 5_000);
    } finally {
      await redis.stop();
    }
  });

  it("without redis-server and without a Docker engine, the stack fails with today's clear error", async () => {
    process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    const failure = await startStack({ services: [], ports: { redis: 0 } }).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toContain('redis-server was not found (/nonexistent/redis-server)');
    expect((failure as Error).message).toContain('REDIS_URL');
  });

  it.skipIf(!engine.ok)(
    `without redis-server, a Redis container when a Docker engine answers (${engine.reason})`,
    { timeout: 300_000 },
    async () => {
      process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
      await using stack = await startStack({ services: [], ports: { redis: 0 } });
      const url = new URL(stack.redis!.url);
      await waitForPing(url.hostname, Number(url.port), 10_000);
    },
  );
});
