// Starts the Functions host: one HTTP port for the admin API, trigger pushes and HTTP functions;
// the functions themselves run as framework children on free ports and stop with the host.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PubSub } from '@google-cloud/pubsub';
import {
  createLogger,
  emulatorPubSubClient,
  formatHost,
  type Logger,
  makeHandle,
  type StartedServer,
} from '../common/index.ts';
import { createFunctionsRegistry, type FunctionsRegistry } from './functions-host.ts';
import { hostHandler } from './host-http.ts';
import { defaultCacheDir } from './python-venv.ts';

export interface FunctionsHostOptions {
  host?: string;
  /** 0/unset = any free port. */
  port?: number;
  project?: string;
  /** Region in function names and HTTP URLs (default us-central1, gcloud's default). */
  region?: string;
  /** host:port of the Pub/Sub emulator (topic and bucket triggers). */
  pubsubHost: string;
  /** http://host:port of the Storage emulator (bucket triggers). */
  storageUrl?: string;
  /** Environment every function gets, e.g. the stack's PUBSUB_EMULATOR_HOST. */
  env?: Record<string, string>;
  /** Where Python venvs are cached (default ~/.cache/gcp-devkit or $DEVKIT_CACHE_DIR). */
  cacheDir?: string;
  logger?: Logger;
}

export interface StartedFunctionsHost extends StartedServer {
  /** http://host:port: the admin API (`/v1/functions`) and HTTP functions. */
  readonly url: string;
  readonly functions: FunctionsRegistry;
}

export async function startFunctionsHost(options: FunctionsHostOptions): Promise<StartedFunctionsHost> {
  const host = options.host ?? '127.0.0.1';
  const project = options.project ?? 'devkit-local';
  const region = options.region ?? 'us-central1';
  const logger = (options.logger ?? createLogger()).child({ service: 'functions' });
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${formatHost(host)}:${port}`;
  // Opened by the first trigger: `devkit start` should not load the Pub/Sub package up front.
  let pubsub: Promise<PubSub> | undefined;
  const functions = createFunctionsRegistry({
    project,
    region,
    hostUrl: url,
    pubsub: () => {
      pubsub ??= emulatorPubSubClient(options.pubsubHost, project);
      return pubsub;
    },
    storageUrl: options.storageUrl,
    env: { GOOGLE_CLOUD_PROJECT: project, GCLOUD_PROJECT: project, FUNCTION_REGION: region, ...options.env },
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    logger,
  });
  server.on('request', hostHandler(functions, { project, region, host }));
  const stop = async () => {
    await functions.stop();
    await (await pubsub)?.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return makeHandle(host, port, stop, { url, functions });
}
