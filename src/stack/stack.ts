// Brings up a local stack — Redis (spawned unless REDIS_URL is given) and the embedded emulators —
// and tears it down in reverse order. What `devkit start`, scenarios and integration tests use.
import { join } from 'node:path';
import type { Clock, Logger, StartedServer } from '../../emulators/common/index.ts';
import { silentLogger } from '../../emulators/common/index.ts';
import { DEFAULT_PROJECT } from '../config/index.ts';
import { EMULATORS, type ServiceName } from './emulators.ts';
import { type StartedRedis, startRedisServer, waitForPing } from './redis-server.ts';

export interface StackOptions {
  host?: string;
  project?: string;
  /** Ports per service; 0 = any free port. Defaults: the DESIGN.md ports, Redis any free port. */
  ports?: Partial<Record<ServiceName | 'redis', number>>;
  /** Which emulators to start; default all that exist. */
  services?: readonly ServiceName[];
  /** Start (or reuse) Redis. Default true. */
  redis?: boolean;
  /** Use this Redis instead of spawning one. */
  redisUrl?: string;
  /** Root for persistent state; each emulator uses a subfolder. */
  dataDir?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface StartedStack {
  /** The variables a shell or child process needs, e.g. PUBSUB_EMULATOR_HOST. */
  readonly env: Readonly<Record<string, string>>;
  readonly emulators: Readonly<Partial<Record<ServiceName, StartedServer>>>;
  readonly redis?: { url: string; spawned?: StartedRedis };
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the stack; on a failure part-way, stops what already started and rethrows. */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  const host = options.host ?? '127.0.0.1';
  const project = options.project ?? DEFAULT_PROJECT;
  const logger = options.logger ?? silentLogger;
  const wanted = options.services ?? EMULATORS.map((e) => e.name);
  const stoppers: Array<() => Promise<void>> = [];
  const env: Record<string, string> = {};
  const emulators: Partial<Record<ServiceName, StartedServer>> = {};
  let redis: StartedStack['redis'];

  const stopAll = async () => {
    for (const stop of stoppers.reverse().splice(0)) {
      await stop().catch((err) => logger.warn('stop failed', { error: String(err) }));
    }
  };
  try {
    if (options.redis !== false) {
      redis = await provideRedis(options.redisUrl, host, options.ports?.redis ?? 0);
      if (redis.spawned) stoppers.push(redis.spawned.stop);
      env.REDIS_URL = redis.url;
    }
    for (const spec of EMULATORS.filter((e) => wanted.includes(e.name))) {
      const server = await spec.start({
        host,
        port: options.ports?.[spec.name] ?? spec.defaultPort,
        project,
        dataDir: options.dataDir ? join(options.dataDir, spec.name) : undefined,
        pubsubHost: emulators.pubsub?.address,
        clock: options.clock,
        logger: logger.child({ service: spec.name }),
      });
      stoppers.push(() => server.stop());
      emulators[spec.name] = server;
      env[spec.envName] = spec.envValue(server);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  env.GOOGLE_CLOUD_PROJECT = project;
  env.DEVKIT_TARGET = 'local';
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopAll();
    return stopping;
  };
  return { env, emulators, redis, stop, [Symbol.asyncDispose]: stop };
}

async function provideRedis(
  url: string | undefined,
  host: string,
  port: number,
): Promise<NonNullable<StartedStack['redis']>> {
  if (url) {
    const parsed = new URL(url);
    await waitForPing(parsed.hostname, Number(parsed.port || 6379), 3000).catch((err: Error) => {
      throw new Error(
        `REDIS_URL=${url} does not answer: ${err.message}. Unset REDIS_URL to let devkit spawn redis-server.`,
      );
    });
    return { url };
  }
  const spawned = await startRedisServer({ host, port });
  return { url: spawned.url, spawned };
}
