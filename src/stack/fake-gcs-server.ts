// A fake-gcs-server child as the stack's storage backend (STORAGE_BACKEND=fake-gcs-server): the
// pinned release, where to find its binary, and a start on loopback, a free port, plain HTTP and
// the memory backend, tracked and stopped like redis-server.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type FakeGcsServerClient, fakeGcsServerClient } from '../clients/fake-gcs-server.ts';
import { ConfigError } from '../config/index.ts';
import { startServerChild } from './children.ts';
import { freePort } from './free-port.ts';

/**
 * The one pinned release (bench/peers.ts and the interop tests read it from here;
 * test/interop/fake-gcs-server/VERSION repeats it for .ci/run, and a test keeps the two equal).
 */
export const FAKE_GCS_SERVER_VERSION = 'v1.52.3';
const MODULE = 'github.com/fsouza/fake-gcs-server';

type Env = NodeJS.ProcessEnv | Record<string, string | undefined>;

/** Where .ci/run and the bench keep the build: the version is in the name, so a new pin means a new build. */
export function cachedFakeGcsServerPath(env: Env = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'gcp-devkit', 'bin', `fake-gcs-server-${FAKE_GCS_SERVER_VERSION}`);
}

/** How to get the binary, for error and skip messages. */
export function fakeGcsServerInstallHint(env: Env = process.env): string {
  return (
    `build it with \`go install ${MODULE}@${FAKE_GCS_SERVER_VERSION}\` and put it on PATH, ` +
    `or run \`bash .ci/run\` (which keeps it in ${cachedFakeGcsServerPath(env)}), ` +
    'or point FAKE_GCS_SERVER_BIN at a binary'
  );
}

/**
 * The binary: $FAKE_GCS_SERVER_BIN when set (and only it), else the pinned build in the cache,
 * else `fake-gcs-server` on PATH. Undefined when there is none.
 */
export function findFakeGcsServer(env: Env = process.env): string | undefined {
  if (env.FAKE_GCS_SERVER_BIN)
    return existsSync(env.FAKE_GCS_SERVER_BIN) ? env.FAKE_GCS_SERVER_BIN : undefined;
  const candidates = [
    cachedFakeGcsServerPath(env),
    ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'fake-gcs-server')),
  ];
  return candidates.find((path) => !!path && existsSync(path));
}

export interface FakeGcsServerOptions {
  /** Default: findFakeGcsServer(); a ConfigError with the install hint when there is none. */
  binary?: string;
  host?: string;
  /** 0 or unset = any free port. */
  port?: number;
  /** Extra flags, e.g. fakeGcsNotificationFlags(...). */
  flags?: readonly string[];
  /** host:port of the Pub/Sub emulator its notifications publish to. */
  pubsubHost?: string;
  readyTimeoutMs?: number;
}

export interface StartedFakeGcsServer {
  /** http://host:port, the value for STORAGE_EMULATOR_HOST. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly client: FakeGcsServerClient;
  /** The tail of its stdout and stderr (FAKE_GCS_LOG_LEVEL=info logs every request). */
  output(): string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Spawns fake-gcs-server and resolves once `/_internal/healthcheck` answers. */
export async function startFakeGcsServer(options: FakeGcsServerOptions = {}): Promise<StartedFakeGcsServer> {
  const binary = options.binary ?? findFakeGcsServer();
  if (!binary) {
    throw new ConfigError(
      `STORAGE_BACKEND=fake-gcs-server but no fake-gcs-server binary was found: ${fakeGcsServerInstallHint()}.`,
      'FAKE_GCS_SERVER_BIN',
    );
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const url = `http://${host}:${port}`;
  const args = ['-host', host, '-port', String(port), '-scheme', 'http', '-backend', 'memory'];
  // Upload sessions and media links point back here, not at 0.0.0.0.
  args.push('-external-url', url, '-log-level', process.env.FAKE_GCS_LOG_LEVEL ?? 'warn');
  args.push(...(options.flags ?? []));
  const env = { ...process.env };
  delete env.PUBSUB_EMULATOR_HOST;
  if (options.pubsubHost) env.PUBSUB_EMULATOR_HOST = options.pubsubHost;
  const client = fakeGcsServerClient(url);
  const { output, stop } = await startServerChild({
    name: 'fake-gcs-server',
    binary,
    args,
    env,
    notFound: () =>
      new ConfigError(
        `fake-gcs-server was not found (${binary}): ${fakeGcsServerInstallHint()}.`,
        'FAKE_GCS_SERVER_BIN',
      ),
    ready: () => client.waitHealthy(options.readyTimeoutMs ?? 15_000),
  });
  return { url, host, port, client, output, stop, [Symbol.asyncDispose]: stop };
}
