// The clients a workflow process needs, built from one resolved config: Pub/Sub and Storage for
// the target (emulators or Google), Redis from REDIS_URL, and the key namespace. Closed together.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import { createPubSub, createRedis, createStorage } from '../clients/index.ts';
import type { DevkitConfig } from '../config/index.ts';
import { type WorkflowKeys, workflowKeys } from './keys.ts';

export interface WorkflowRuntime {
  readonly config: DevkitConfig;
  readonly pubsub: PubSub;
  readonly storage: Storage;
  readonly redis: Redis;
  readonly keys: WorkflowKeys;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  keyPrefix?: string;
  /** Per-command Redis timeout: a hung Redis fails fast and the claim steps retry. Default 1 s. */
  redisCommandTimeoutMs?: number;
}

export function createWorkflowRuntime(config: DevkitConfig, options: RuntimeOptions = {}): WorkflowRuntime {
  const keys = workflowKeys(options.keyPrefix);
  const redis = createRedis(config, {
    commandTimeout: options.redisCommandTimeoutMs ?? 1000,
    maxRetriesPerRequest: 1,
    // Reconnect quickly and forever; the claim steps decide how long to wait.
    retryStrategy: (attempt) => Math.min(1000, 50 * attempt),
  });
  // Connection errors surface through commands (and are retried there), not as crashes.
  redis.on('error', () => {});
  const pubsub = createPubSub(config);
  const storage = createStorage(config);
  return {
    config,
    pubsub,
    storage,
    redis,
    keys,
    async close() {
      await pubsub.close().catch(() => {});
      redis.disconnect();
    },
  };
}
