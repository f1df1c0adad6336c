// Wires backend, context, notifier, upload sessions and the HTTP server into a started handle.

import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type Clock,
  createLogger,
  formatHost,
  type Logger,
  makeHandle,
  type StartedServer,
  systemClock,
} from '../common/index.ts';
import { FaultInjector } from '../faults/index.ts';
import { type IdentityIssuer, issuerOrOwn, ServiceAccountKeys } from '../identity/index.ts';
import type { StorageBackend } from './backend/backend.ts';
import { openDirectoryBackend } from './backend/directory-backend.ts';
import { openMemoryBackend } from './backend/memory-backend.ts';
import { Md5Offload } from './hash/md5-offload.ts';
import { createStorageServer } from './http/server.ts';
import { Notifier } from './notify/notifier.ts';
import { createContext } from './service/context.ts';
import { startSoftDeleteSweep } from './service/restore.ts';
import { RewriteTracker } from './service/transfers.ts';
import { UploadSessions } from './service/upload-sessions.ts';
import { HmacKeys } from './signing/hmac-keys.ts';
import { keepKeysIn } from './signing/keys-file.ts';
import { RetryTests } from './testbench/retry-tests.ts';

export interface StorageEmulatorOptions {
  /** 0 = any free port (default). */
  port?: number;
  host?: string;
  /** Persist everything under this directory; memory only when omitted. */
  dataDir?: string;
  /** host:port of Pub/Sub for notifications; defaults to PUBSUB_EMULATOR_HOST. */
  pubsub?: string;
  project?: string;
  clock?: Clock;
  logger?: Logger;
  /** Shared injector (e.g. the stack's); otherwise one is made from `faultSeed`. */
  faults?: FaultInjector;
  /** Seed for the emulator's own injector (default 1), so fault decisions repeat run after run. */
  faultSeed?: number;
  /** Issuer of the tokens `POST /token` hands out (the stack's); its own, lazily, when unset. */
  identity?: IdentityIssuer;
  /** Public keys signed URLs are checked against (shared with whoever mints key files). */
  serviceAccountKeys?: ServiceAccountKeys;
  /**
   * The soft-delete window of new buckets that do not name one, in seconds: GCS's 7 days (604800)
   * by default; 0 makes deletes permanent (e.g. for benchmarks that overwrite a lot).
   */
  softDeleteDefaultSeconds?: number;
}

export interface StartedStorageEmulator extends StartedServer {
  /** `http://host:port`: the value for STORAGE_EMULATOR_HOST / apiEndpoint. */
  readonly url: string;
  /** Notification messages accepted but not yet published. */
  pendingNotifications(): number;
  /** The rules consulted per request; also armed over HTTP at `/_devkit/faults`. */
  readonly faults: FaultInjector;
  /** Service-account public keys for V4 signatures (mint or register key files here too). */
  readonly serviceAccountKeys: ServiceAccountKeys;
}

export async function startStorageEmulator(
  options: StorageEmulatorOptions = {},
): Promise<StartedStorageEmulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? createLogger()).child({ emulator: 'storage' });
  const clock = options.clock ?? systemClock();
  const project = options.project ?? process.env.GOOGLE_CLOUD_PROJECT ?? 'devkit-local';
  // Read before the backend opens, so a bad keys file cannot leave the data dir locked.
  const serviceAccountKeys = options.serviceAccountKeys ?? new ServiceAccountKeys();
  const hmacKeys = new HmacKeys(() => clock.now());
  const keysFile = options.dataDir
    ? await keepKeysIn(join(options.dataDir, 'signing', 'keys.json'), serviceAccountKeys, hmacKeys, logger)
    : undefined;
  const backend: StorageBackend = options.dataDir
    ? await openDirectoryBackend(options.dataDir)
    : await openMemoryBackend();
  const faults = options.faults ?? new FaultInjector(options.faultSeed ?? 1, [], () => clock.now());
  let url = '';
  const notifier = new Notifier({
    backend,
    logger,
    faults,
    project,
    pubsubHost: options.pubsub ?? process.env.PUBSUB_EMULATOR_HOST,
    baseUrl: () => url,
  });
  const ctx = await createContext({
    backend,
    clock,
    logger,
    project,
    softDeleteDefaultSeconds: options.softDeleteDefaultSeconds,
    emit: (e) => notifier.onEvent(e),
  });
  const softDeleteSweep = startSoftDeleteSweep(ctx);
  const md5 = new Md5Offload();
  const sessions = new UploadSessions(ctx, md5);
  if (options.dataDir) await sessions.load();
  const server = createStorageServer(
    {
      ctx,
      sessions,
      rewrites: new RewriteTracker(),
      faults,
      retryTests: new RetryTests(),
      signing: {
        keys: serviceAccountKeys,
        hmac: hmacKeys,
        identity: issuerOrOwn(options.identity, options.dataDir),
      },
    },
    logger,
    () => url,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // e.g. the port is taken: release the data dir so a retry can open it.
    await softDeleteSweep.stop();
    await notifier.stop();
    await md5.close();
    await backend.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  url = `http://${formatHost(host)}:${port}`;
  logger.info('storage emulator listening', { url, dataDir: options.dataDir });
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await keysFile?.flush();
    await softDeleteSweep.stop();
    await notifier.stop();
    sessions.close();
    await md5.close();
    await backend.close();
  };
  return makeHandle(host, port, stop, {
    url,
    faults,
    serviceAccountKeys,
    pendingNotifications: () => notifier.pending(),
  });
}
