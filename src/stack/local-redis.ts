// The Redis a local stack gets when REDIS_URL is not given: redis-server from PATH, else a Redis
// container when a Docker engine answers, else redis-server's own "not found" error (how to fix it).
import { ConfigError } from '../config/index.ts';
import { checkDockerEngine } from './docker-engine.ts';
import { startRedisContainer } from './redis-container.ts';
import { startRedisServer } from './redis-server.ts';

export interface LocalRedis {
  url: string;
  port: number;
  /** `redis-server` (a child process) or `container` (testcontainers). */
  kind: 'redis-server' | 'container';
  /** Set when redis-server requires one (bound off loopback); also in `url`. */
  password?: string;
  stop(): Promise<void>;
}

export async function startLocalRedis(options: {
  host: string;
  port: number;
  /** redis-server's password to keep across a restart (see RedisServerOptions.password). */
  password?: string;
}): Promise<LocalRedis> {
  try {
    const server = await startRedisServer(options);
    return {
      url: server.url,
      port: server.port,
      kind: 'redis-server',
      password: server.password,
      stop: server.stop,
    };
  } catch (err) {
    // Only a missing binary falls through; a redis-server that fails to start is reported as is.
    if (!(err instanceof ConfigError)) throw err;
    const engine = await checkDockerEngine();
    if (!engine.ok) throw err;
    const container = await startRedisContainer(options.port);
    return { url: container.url, port: container.port, kind: 'container', stop: container.stop };
  }
}
