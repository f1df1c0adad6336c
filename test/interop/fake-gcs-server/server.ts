// Starts a fake-gcs-server binary for a test: loopback only, a free port, plain HTTP, memory
// backend, stopped (and its port freed) by `stop()` or `await using`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type FakeGcsServerClient, fakeGcsServerClient } from '../../../src/clients/fake-gcs-server.ts';
import { stopChild, track } from '../../../src/stack/children.ts';
import { freePort } from '../../../src/stack/index.ts';

/** The pinned release, shared with .ci/run (which builds it) through the VERSION file. */
export const FAKE_GCS_SERVER_VERSION = readFileSync(new URL('./VERSION', import.meta.url), 'utf8').trim();
/** Where .ci/run keeps the build: the version is in the name, so a new pin means a new build. */
export const CACHED_BINARY = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'gcp-devkit',
  'bin',
  `fake-gcs-server-${FAKE_GCS_SERVER_VERSION}`,
);
export const INSTALL_HINT =
  `build it with \`bash .ci/run\` (go install github.com/fsouza/fake-gcs-server@${FAKE_GCS_SERVER_VERSION} ` +
  `into ${CACHED_BINARY}), or point FAKE_GCS_SERVER_BIN at a binary`;

/** The binary: $FAKE_GCS_SERVER_BIN, then the CI cache, then `fake-gcs-server` on PATH. */
export function findFakeGcsServer(): string | undefined {
  const candidates = [
    process.env.FAKE_GCS_SERVER_BIN,
    CACHED_BINARY,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'fake-gcs-server')),
  ];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

export interface StartedFakeGcsServer {
  /** http://127.0.0.1:N, the value for STORAGE_EMULATOR_HOST. */
  readonly url: string;
  readonly client: FakeGcsServerClient;
  output(): string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface FakeGcsServerOptions {
  binary: string;
  /** Extra flags, e.g. fakeGcsNotificationFlags(...). */
  flags?: string[];
  /** host:port of the Pub/Sub emulator its notifications publish to. */
  pubsubHost?: string;
}

export async function startFakeGcsServer(options: FakeGcsServerOptions): Promise<StartedFakeGcsServer> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  const args = ['-host', host, '-port', String(port), '-scheme', 'http', '-backend', 'memory'];
  // FAKE_GCS_LOG_LEVEL=info logs every request it serves (output() returns the tail).
  args.push('-log-level', process.env.FAKE_GCS_LOG_LEVEL ?? 'warn', ...(options.flags ?? []));
  const env = { ...process.env };
  delete env.PUBSUB_EMULATOR_HOST;
  if (options.pubsubHost) env.PUBSUB_EMULATOR_HOST = options.pubsubHost;
  const child = track(spawn(options.binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://${host}:${port}`;
  const client = fakeGcsServerClient(url);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`fake-gcs-server exited early (code ${code}, signal ${signal}): ${output.trim()}`)),
    );
  });
  exited.catch(() => {});
  try {
    await Promise.race([client.waitHealthy(10_000), exited]);
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopChild(child);
    return stopping;
  };
  return { url, client, output: () => output, stop, [Symbol.asyncDispose]: stop };
}
