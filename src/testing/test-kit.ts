// What one test file uses on the shared stack: clients from the env, an id of its own (resource
// names `<base>-<id>`, Redis keys under `t-<id>`) so parallel files never see each other's
// messages or objects, reset() between tests, and waits for what a worker does.
import { randomBytes } from 'node:crypto';
import type { Message, PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import { createPubSub, createRedis, createStorage } from '../clients/index.ts';
import { type DevkitConfig, resolveConfig } from '../config/index.ts';
import { workerEnv } from '../scenario/worker-env.ts';
import {
  provisionReferenceTopology,
  type ReferenceNames,
  referenceNames,
  type TopologyOptions,
  type WorkflowKeys,
  workflowKeys,
} from '../workflow/index.ts';
import { applyTopology } from './apply-topology.ts';
import { resetOwned } from './reset.ts';
import { withSuffix } from './suffix-topology.ts';
import { waitForMessage, waitForMessages, waitForObject, waitForUnit } from './wait.ts';

export interface TestKitOptions {
  /** The stack's env; default process.env (what the global setup exported). */
  env?: Record<string, string | undefined>;
  /** This file's id; default a random one. Lowercase letters and digits (bucket names). */
  id?: string;
}

export interface TestKit {
  readonly id: string;
  readonly config: DevkitConfig;
  readonly pubsub: PubSub;
  readonly storage: Storage;
  readonly redis: Redis;
  /** Redis namespace of this file (`t-<id>`), for `createWorker({ keys })`. */
  readonly keys: WorkflowKeys;
  /** The reference pipeline's names for this file: `work-<id>`, `worker-<id>`, ... */
  readonly names: ReferenceNames;
  /** `<base>-<id>`: a resource name of this file's own. */
  name(base: string): string;
  /** Creates the reference pipeline under `names` (buckets, topics, subscriptions, notification). */
  provisionReferenceTopology(options?: TopologyOptions): Promise<ReferenceNames>;
  /** Applies a devkit.yaml with every name suffixed by this file's id (see `name`). */
  applyTopology(file: string): Promise<void>;
  /** The env of a worker process for this file: the stack's plus its DEVKIT_* names. */
  workerEnv(): Record<string, string>;
  /** Empties this file's subscriptions, buckets and Redis keys (see reset.ts). */
  reset(): Promise<void>;
  waitForMessage(subscription: string, match?: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  waitForMessages(
    subscription: string,
    count: number,
    match?: (m: Message) => boolean,
    timeoutMs?: number,
  ): Promise<Message[]>;
  waitForObject(bucket: string, name: string, timeoutMs?: number): Promise<Buffer>;
  /** Waits for the unit's done marker under this file's keys. */
  waitForUnit(unitKey: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Clients and names for one test file; throws when no stack's env is there (no global setup). */
export function createTestKit(options: TestKitOptions = {}): TestKit {
  const env = options.env ?? process.env;
  if (!env.PUBSUB_EMULATOR_HOST || !env.STORAGE_EMULATOR_HOST || !env.REDIS_URL) {
    throw new Error(
      'no devkit stack in the env (PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST, REDIS_URL): add ' +
        "`export default devkitGlobalSetup()` from 'gcp-devkit/testing' as vitest's globalSetup",
    );
  }
  const id = options.id ?? `t${randomBytes(5).toString('hex')}`;
  if (!/^[a-z0-9]+$/.test(id)) throw new Error(`test kit id ${id}: expected lowercase letters and digits`);
  const config = resolveConfig({ env, services: ['pubsub', 'storage'] });
  const pubsub = createPubSub(config);
  const storage = createStorage(config);
  const redis = createRedis(config);
  const keys = workflowKeys(`t-${id}`);
  const names = referenceNames(id);
  const close = async () => {
    await pubsub.close().catch(() => {});
    redis.disconnect();
  };
  return {
    id,
    config,
    pubsub,
    storage,
    redis,
    keys,
    names,
    name: (base) => withSuffix(base, id),
    provisionReferenceTopology: (topology) => provisionReferenceTopology(pubsub, storage, names, topology),
    applyTopology: (file) => applyTopology(file, id, config),
    workerEnv: () => ({ ...definedOnly(env), ...workerEnv(names, keys.prefix) }),
    reset: () => resetOwned({ pubsub, storage, redis, id, keyPrefix: keys.prefix }),
    waitForMessage: (subscription, match, timeoutMs) =>
      waitForMessage(pubsub, subscription, match, timeoutMs),
    waitForMessages: (subscription, count, match, timeoutMs) =>
      waitForMessages(pubsub, subscription, count, match, timeoutMs),
    waitForObject: (bucket, name, timeoutMs) => waitForObject(storage, bucket, name, timeoutMs),
    waitForUnit: (unitKey, timeoutMs) => waitForUnit(redis, keys, unitKey, timeoutMs),
    close,
    [Symbol.asyncDispose]: close,
  };
}

const definedOnly = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
