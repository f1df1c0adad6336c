// The Redis client for the configured target: REDIS_URL, whatever serves it (spawned, local, Memorystore).
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError, type DevkitConfig } from '../config/index.ts';

export function createRedis(config: DevkitConfig, extra: RedisOptions = {}): Redis {
  if (!config.redisUrl) {
    throw new ConfigError(
      'REDIS_URL is not set: start Redis with `eval "$(npx devkit start)"` (it spawns redis-server), ' +
        'or point REDIS_URL at any Redis, e.g. redis://127.0.0.1:6379.',
      'REDIS_URL',
    );
  }
  return new Redis(config.redisUrl, { lazyConnect: false, ...extra });
}
