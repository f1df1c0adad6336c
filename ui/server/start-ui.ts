// Starts the dashboard for a stack described by its environment (the variables `devkit start`
// exports): a handle with its URL, a scenario feed for live timelines, and stop().
import type { AddressInfo } from 'node:net';
import { createLogger, formatHost, type Logger } from '../../emulators/common/index.ts';
import { type ApiDeps, overview } from './api.ts';
import { type Backends, backendsFromEnv } from './backends.ts';
import { createUiServer } from './http-server.ts';
import { LiveHub, type ScenarioFeed } from './live.ts';
import { workflowReader } from './workflow-view.ts';

export const DEFAULT_UI_PORT = 4000;

export interface UiOptions {
  /** The stack's variables: PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST, REDIS_URL, ... */
  env: Readonly<Record<string, string | undefined>>;
  host?: string;
  /** Default 4000; 0 = any free port. */
  port?: number;
  logger?: Logger;
  /** How often open pages get a fresh overview (default 1 s). */
  refreshMs?: number;
}

export interface StartedUi {
  /** `http://127.0.0.1:4000`: the value of DEVKIT_UI_URL. */
  readonly url: string;
  readonly port: number;
  /** Announces a scenario run; its events show on the live timeline while it runs. */
  startScenario(name: string, description: string): ScenarioFeed;
  /** Points the dashboard at another stack (each scenario runs on a fresh one). */
  setEnv(env: Readonly<Record<string, string | undefined>>): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startUi(options: UiOptions): Promise<StartedUi> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? createLogger()).child({ service: 'ui' });
  const readerOf = (b: Backends) => (b.redisUrl ? workflowReader(b.redisUrl) : undefined);
  const backends = backendsFromEnv(options.env);
  const deps: ApiDeps = { backends, workflow: readerOf(backends) };
  const live = new LiveHub(() => overview(deps), options.refreshMs);
  let port = 0;
  const server = createUiServer({ deps, live, bindHost: host, logger, port: () => port });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_UI_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.workflow?.close();
    })();
    return stopping;
  };
  return {
    url: `http://${formatHost(host)}:${port}`,
    port,
    startScenario: (name, description) => live.startScenario(name, description),
    async setEnv(env) {
      const previous = deps.workflow;
      deps.backends = backendsFromEnv(env);
      deps.workflow = readerOf(deps.backends);
      await previous?.close();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
