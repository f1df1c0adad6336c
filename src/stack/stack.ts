// Brings up a local stack — Redis (spawned unless REDIS_URL is given) and the embedded emulators —
// and tears it down in reverse order. Each service can also be stopped and started again on the
// same port and data dir, which is how scenarios stage outages and restarts. Storage can be a
// fake-gcs-server child instead of our emulator (STORAGE_BACKEND=fake-gcs-server).
import { join } from 'node:path';
import type { Clock, Logger, StartedServer } from '../../emulators/common/index.ts';
import { silentLogger } from '../../emulators/common/index.ts';
import { type IdentityIssuer, identityUrls, lazyIssuer } from '../../emulators/identity/index.ts';
import { type FakeGcsNotification, fakeGcsNotificationFlags } from '../clients/fake-gcs-server.ts';
import { DEFAULT_PROJECT, type StorageBackend } from '../config/index.ts';
import { armTestCrash, runAsEmulator } from './emulator-context.ts';
import { EMULATORS, type EmulatorSpec, type ServiceName } from './emulators.ts';
import { startFakeGcsServer } from './fake-gcs-server.ts';
import { FUNCTIONS_ENV, functionsService } from './functions-service.ts';
import { startLocalRedis } from './local-redis.ts';
import { waitForPing } from './redis-server.ts';

export interface StackOptions {
  host?: string;
  project?: string;
  /** Ports per service; 0 = any free port. Defaults: the DESIGN.md ports, Redis any free port. */
  ports?: Partial<Record<ServiceName | 'redis' | 'functions', number>>;
  /** Which emulators to start; default all that exist. */
  services?: readonly ServiceName[];
  /** Start (or reuse) Redis. Default true. */
  redis?: boolean;
  /** Use this Redis instead of spawning one. */
  redisUrl?: string;
  /** Root for persistent state; each emulator uses a subfolder. */
  dataDir?: string;
  /**
   * What serves Storage: our emulator (default) or a fake-gcs-server child (memory backend, no
   * data dir, no fault injection; binary from FAKE_GCS_SERVER_BIN, the cache or PATH).
   */
  storageBackend?: StorageBackend;
  /** Host deployed functions (needs Pub/Sub; $DEVKIT_FUNCTIONS_URL). Default true when Pub/Sub runs. */
  functions?: boolean;
  clock?: Clock;
  logger?: Logger;
  /**
   * Start each emulator in its own async context, so a process-wide handler can tell which one an
   * uncaught error came from (`emulatorOf`, src/stack/emulator-context.ts). `devkit start` sets it.
   */
  attributeErrors?: boolean;
}

export type StackService = ServiceName | 'redis' | 'functions';

export interface StartedStack {
  /** The variables a shell or child process needs, e.g. PUBSUB_EMULATOR_HOST. */
  readonly env: Readonly<Record<string, string>>;
  /** The running emulators (an entry is replaced by `start` after a `stopService`). */
  readonly emulators: Readonly<Partial<Record<ServiceName, StartedServer>>>;
  readonly redis?: { url: string; spawned: boolean };
  /** What serves Storage; with `fake-gcs-server` it is not in `emulators`. */
  readonly storageBackend: StorageBackend;
  /**
   * fake-gcs-server only: restarts it on the same port with this one notification config, which
   * it takes as start flags (it has no notificationConfigs API). Its memory backend starts empty,
   * so call this before creating buckets.
   */
  setStorageNotification(notification: FakeGcsNotification): Promise<void>;
  /** The notification config last given to setStorageNotification, if any. */
  readonly storageNotification?: FakeGcsNotification;
  /** Stops one service, keeping its port and data dir for `startService` (an outage). */
  stopService(name: StackService): Promise<void>;
  /** Starts a stopped service again on the same port (and data dir). */
  startService(name: StackService): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface Managed {
  name: StackService;
  start(): Promise<{ port: number; stop: () => Promise<void> }>;
  stop?: () => Promise<void>;
}

/** Starts the stack; on a failure part-way, stops what already started and rethrows. */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  const host = options.host ?? '127.0.0.1';
  const project = options.project ?? DEFAULT_PROJECT;
  const logger = options.logger ?? silentLogger;
  const wanted = options.services ?? EMULATORS.map((e) => e.name);
  const storageBackend = options.storageBackend ?? 'devkit';
  const env: Record<string, string> = {};
  const emulators: Partial<Record<ServiceName, StartedServer>> = {};
  const managed: Managed[] = [];
  let redis: StartedStack['redis'];
  let fakeGcs: FakeGcsService | undefined;
  // One issuer for the whole stack, its key made on first use (wall clock: receivers verify
  // iat/exp against their own).
  const identity = lazyIssuer({ dataDir: options.dataDir ? join(options.dataDir, 'identity') : undefined });

  const stopAll = async () => {
    for (const service of [...managed].reverse()) {
      const stop = service.stop;
      service.stop = undefined;
      await stop?.().catch((err) =>
        logger.warn('stop failed', { service: service.name, error: String(err) }),
      );
    }
  };
  try {
    if (options.redis !== false) {
      if (options.redisUrl) {
        await checkRedisUrl(options.redisUrl);
        redis = { url: options.redisUrl, spawned: false };
      } else {
        let port = options.ports?.redis ?? 0;
        let url = '';
        // Off loopback redis-server gets a password; a restart keeps it, so clients keep their URL.
        let password: string | undefined;
        const service: Managed = {
          name: 'redis',
          // redis-server from PATH, else a Redis container when Docker answers (local-redis.ts).
          start: async () => {
            const server = await startLocalRedis({ host, port, password });
            port = server.port;
            url = server.url;
            password = server.password;
            return { port, stop: server.stop };
          },
        };
        await launch(service, managed);
        redis = { url, spawned: true };
      }
      env.REDIS_URL = redis.url;
    }
    const specs = EMULATORS.filter((e) => wanted.includes(e.name));
    const inProcess = specs.filter((e) => !(e.name === 'storage' && storageBackend === 'fake-gcs-server'));
    for (const spec of specs) {
      if (spec.name === 'storage' && storageBackend === 'fake-gcs-server') {
        fakeGcs = fakeGcsService(host, options.ports?.storage ?? spec.defaultPort, emulators.pubsub?.address);
        await launch(fakeGcs, managed);
        env[spec.envName] = fakeGcs.url();
        env.STORAGE_BACKEND = storageBackend;
        continue;
      }
      const sole = inProcess.length === 1;
      await launch(
        emulatorService(spec, { host, project, options, logger, emulators, identity, sole }),
        managed,
      );
      env[spec.envName] = spec.envValue(emulators[spec.name]!);
      if (spec.servesIdentity && !env.DEVKIT_OIDC_CERTS_URL) {
        Object.assign(env, identityEnv(emulators[spec.name]!));
      }
    }
    if (options.functions !== false && env.PUBSUB_EMULATOR_HOST) {
      const port = options.ports?.functions ?? 0;
      const functions = functionsService({ host, port, project, env: { ...env }, logger });
      await launch(functions, managed);
      env[FUNCTIONS_ENV] = functions.url();
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  env.GOOGLE_CLOUD_PROJECT = project;
  env.DEVKIT_TARGET = 'local';
  const find = (name: StackService) => {
    const service = managed.find((m) => m.name === name);
    if (!service) throw new Error(`${name} is not part of this stack`);
    return service;
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopAll();
    return stopping;
  };
  let storageNotification: FakeGcsNotification | undefined;
  return {
    env,
    emulators,
    redis,
    storageBackend,
    get storageNotification() {
      return storageNotification;
    },
    async setStorageNotification(notification) {
      if (!fakeGcs) {
        throw new Error(
          'setStorageNotification is for STORAGE_BACKEND=fake-gcs-server; our Storage emulator has the notificationConfigs API',
        );
      }
      const flags = fakeGcsNotificationFlags(notification);
      const stopOne = fakeGcs.stop;
      fakeGcs.stop = undefined;
      await stopOne?.();
      fakeGcs.flags = flags;
      fakeGcs.stop = (await fakeGcs.start()).stop;
      storageNotification = notification;
    },
    async stopService(name) {
      const service = find(name);
      const stopOne = service.stop;
      service.stop = undefined;
      await stopOne?.();
    },
    async startService(name) {
      const service = find(name);
      if (!service.stop) service.stop = (await service.start()).stop;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

async function launch(service: Managed, managed: Managed[]): Promise<void> {
  service.stop = (await service.start()).stop;
  managed.push(service);
}

function emulatorService(
  spec: EmulatorSpec,
  ctx: {
    host: string;
    project: string;
    options: StackOptions;
    logger: Logger;
    emulators: Partial<Record<ServiceName, StartedServer>>;
    identity: IdentityIssuer;
    /** The only emulator in this process (named without an async context). */
    sole: boolean;
  },
): Managed {
  // The first start may pick a free port; restarts reuse it so clients keep their address.
  // A caller that asks for free ports only (every port it names is 0) gets one here too.
  const named = Object.values(ctx.options.ports ?? {}).filter((p) => p !== undefined);
  const freeOnly = named.length > 0 && named.every((p) => p === 0);
  let port = ctx.options.ports?.[spec.name] ?? (freeOnly ? 0 : spec.defaultPort);
  return {
    name: spec.name,
    start: async () => {
      const start = () =>
        spec.start({
          host: ctx.host,
          port,
          project: ctx.project,
          dataDir: ctx.options.dataDir ? join(ctx.options.dataDir, spec.name) : undefined,
          pubsubHost: ctx.emulators.pubsub?.address,
          clock: ctx.options.clock,
          logger: ctx.logger.child({ service: spec.name }),
          identity: ctx.identity,
        });
      // Everything the emulator sets up carries its name, for the process's crash handler.
      const server = await (ctx.options.attributeErrors
        ? runAsEmulator(
            spec.name,
            () => {
              armTestCrash(spec.name);
              return start();
            },
            ctx.sole,
          )
        : start());
      port = server.port;
      ctx.emulators[spec.name] = server;
      return { port, stop: () => server.stop() };
    },
  };
}

/** The issuer's URLs on the first emulator port that serves them (Pub/Sub's in the full stack). */
function identityEnv(server: StartedServer): Record<string, string> {
  const urls = identityUrls(`http://${server.address}`);
  return {
    DEVKIT_OIDC_CERTS_URL: urls.certsUrl,
    DEVKIT_OIDC_JWKS_URL: urls.jwksUrl,
    DEVKIT_OAUTH_TOKENINFO_URL: urls.tokeninfoUrl,
  };
}

interface FakeGcsService extends Managed {
  /** Start flags of the next start (the notification config). */
  flags: string[];
  url(): string;
}

/** fake-gcs-server as the `storage` service: restarts keep its port (memory backend: not its data). */
function fakeGcsService(host: string, firstPort: number, pubsubHost: string | undefined): FakeGcsService {
  // 0 = any free port on the first start; restarts reuse it so clients keep their address.
  let port = firstPort;
  const service: FakeGcsService = {
    name: 'storage',
    flags: [],
    url: () => `http://${host}:${port}`,
    start: async () => {
      const server = await startFakeGcsServer({ host, port, pubsubHost, flags: service.flags });
      port = server.port;
      return { port, stop: server.stop };
    },
  };
  return service;
}

async function checkRedisUrl(url: string): Promise<void> {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  await waitForPing(host, Number(parsed.port || 6379), 3000, password).catch((err: Error) => {
    throw new Error(
      `REDIS_URL=${url} does not answer: ${err.message}. Unset REDIS_URL to let devkit spawn redis-server.`,
    );
  });
}
