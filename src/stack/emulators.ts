// The embedded emulators `devkit start` knows, in start order (Pub/Sub first: Storage
// notifications and Scheduler targets publish into it). Each emulator adds its one entry here.
import type { Clock, Logger, StartedServer } from '../../emulators/common/index.ts';
import type { IdentityIssuer } from '../../emulators/identity/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { startSchedulerEmulator } from '../../emulators/scheduler/index.ts';
import { startStorageEmulator } from '../../emulators/storage/index.ts';
import { startTasksEmulator } from '../../emulators/tasks/index.ts';

export type ServiceName = 'pubsub' | 'storage' | 'scheduler' | 'tasks';

export interface EmulatorStartOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
  project: string;
  /** Per-emulator subfolder of `--data-dir` when persistence is wanted. */
  dataDir?: string;
  /** host:port of the Pub/Sub emulator started before this one, if any. */
  pubsubHost?: string;
  clock?: Clock;
  logger: Logger;
  /** The stack's one token issuer: emulators that send requests mint with it and serve its keys. */
  identity?: IdentityIssuer;
}

export interface EmulatorSpec {
  name: ServiceName;
  defaultPort: number;
  /** The environment variable clients read, e.g. PUBSUB_EMULATOR_HOST. */
  envName: string;
  /** Value of that variable for a started emulator (`host:port`, or `http://host:port` for Storage). */
  envValue(server: StartedServer): string;
  start(options: EmulatorStartOptions): Promise<StartedServer>;
  /** Its port serves the issuer's /oauth2/v1/certs, /oauth2/v3/certs and tokeninfo paths. */
  servesIdentity?: boolean;
}

export const EMULATORS: EmulatorSpec[] = [
  {
    name: 'pubsub',
    defaultPort: 8085,
    envName: 'PUBSUB_EMULATOR_HOST',
    envValue: (server) => server.address,
    servesIdentity: true,
    start: (o) =>
      startPubSubEmulator({
        host: o.host,
        port: o.port,
        project: o.project,
        dataDir: o.dataDir,
        clock: o.clock,
        logger: o.logger,
        identity: o.identity,
      }),
  },
  {
    name: 'storage',
    defaultPort: 4443,
    envName: 'STORAGE_EMULATOR_HOST',
    envValue: (server) => `http://${server.address}`,
    start: (o) =>
      startStorageEmulator({
        host: o.host,
        port: o.port,
        project: o.project,
        dataDir: o.dataDir,
        pubsub: o.pubsubHost,
        clock: o.clock,
        logger: o.logger,
        // Tokens from the Storage port's /token are the stack's: tokeninfo on any port knows them.
        identity: o.identity,
      }),
  },
  {
    name: 'scheduler',
    defaultPort: 8089,
    envName: 'CLOUD_SCHEDULER_EMULATOR_HOST',
    envValue: (server) => server.address,
    servesIdentity: true,
    start: (o) =>
      startSchedulerEmulator({
        host: o.host,
        port: o.port,
        project: o.project,
        dataDir: o.dataDir,
        pubsubHost: o.pubsubHost,
        clock: o.clock,
        logger: o.logger,
        identity: o.identity,
      }),
  },
  {
    name: 'tasks',
    defaultPort: 8123,
    envName: 'CLOUD_TASKS_EMULATOR_HOST',
    envValue: (server) => server.address,
    servesIdentity: true,
    start: (o) =>
      startTasksEmulator({
        host: o.host,
        port: o.port,
        project: o.project,
        dataDir: o.dataDir,
        clock: o.clock,
        logger: o.logger,
        identity: o.identity,
      }),
  },
];
