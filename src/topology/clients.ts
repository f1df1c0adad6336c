// The official clients a plan needs, opened from one resolved config: only the services the
// file (or --prune) touches are required, so `devkit start pubsub` + a topics-only file works.
import type { PubSub } from '@google-cloud/pubsub';
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import type { Storage } from '@google-cloud/storage';
import type { CloudTasksClient } from '@google-cloud/tasks';
import {
  createPubSub,
  createSchedulerClient,
  createStorage,
  createTasksClient,
  schedulerParent,
} from '../clients/index.ts';
import type { DevkitConfig, Service } from '../config/index.ts';
import type { Kind } from './resources.ts';
import type { TopologyFile } from './schema.ts';

export interface TopologyClients {
  readonly project: string;
  readonly kinds: readonly Kind[];
  readonly pubsub?: PubSub;
  readonly storage?: Storage;
  readonly scheduler?: CloudSchedulerClient;
  readonly tasks?: CloudTasksClient;
  readonly schedulerParent: string;
  close(): Promise<void>;
}

const SERVICE_OF: Record<Kind, Service> = {
  topic: 'pubsub',
  subscription: 'pubsub',
  bucket: 'storage',
  notification: 'storage',
  job: 'scheduler',
  queue: 'tasks',
};

/** The kinds a plan must read: those the file declares, or every kind when pruning. */
export function kindsFor(file: TopologyFile, prune: boolean): Kind[] {
  // Queues are pruned only when the file has a `queues:` list (even an empty one), so pruning a
  // stack without Cloud Tasks keeps working.
  const queues: Kind[] = file.queues ? ['queue'] : [];
  if (prune) return ['topic', 'subscription', 'bucket', 'notification', 'job', ...queues];
  const kinds: Kind[] = [];
  if (file.topics?.length) kinds.push('topic');
  if (file.subscriptions?.length) kinds.push('subscription');
  if (file.buckets?.length) kinds.push('bucket');
  if (file.buckets?.some((b) => b.notifications?.length)) kinds.push('notification');
  if (file.jobs?.length) kinds.push('job');
  if (file.queues?.length) kinds.push('queue');
  return kinds;
}

export function servicesFor(kinds: readonly Kind[]): Service[] {
  return [...new Set(kinds.map((kind) => SERVICE_OF[kind]))];
}

/**
 * Locally, name the universe domain: otherwise google-auth-library asks the GCE metadata server
 * for it and prints a MetadataLookupWarning on every client. On GCP the normal lookup stays.
 */
export function quietLocal(config: DevkitConfig): { universeDomain?: string } {
  return config.target === 'local' ? { universeDomain: 'googleapis.com' } : {};
}

export function openTopologyClients(config: DevkitConfig, kinds: readonly Kind[]): TopologyClients {
  const services = servicesFor(kinds);
  const pubsub = services.includes('pubsub') ? createPubSub(config, quietLocal(config)) : undefined;
  const storage = services.includes('storage') ? createStorage(config) : undefined;
  const scheduler = services.includes('scheduler') ? createSchedulerClient(config) : undefined;
  const tasks = services.includes('tasks') ? createTasksClient(config) : undefined;
  return {
    project: config.project,
    kinds,
    pubsub,
    storage,
    scheduler,
    tasks,
    schedulerParent: schedulerParent(config),
    async close() {
      await Promise.allSettled([pubsub?.close(), scheduler?.close(), tasks?.close()]);
    },
  };
}
