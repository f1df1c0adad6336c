// Integration fixture for the workflow: a stack (Pub/Sub + Storage emulators, redis-server) with
// the reference topology under unique names and a unique Redis prefix, real `devkit worker` /
// `devkit auditor` processes, and collectors for announcements. `close()` stops everything.
import { randomUUID } from 'node:crypto';
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import { resolveConfig } from '../../src/config/index.ts';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import {
  createWorkflowRuntime,
  provisionReferenceTopology,
  type ReferenceNames,
  referenceNames,
  type TopologyOptions,
  type WorkflowKeys,
} from '../../src/workflow/index.ts';
import { type DevkitChild, startChild } from './devkit-child.ts';

export interface WorkflowFixture {
  stack: StartedStack;
  pubsub: PubSub;
  storage: Storage;
  redis: Redis;
  keys: WorkflowKeys;
  names: ReferenceNames;
  /** The stack's env plus the log level the tests read. */
  env: Record<string, string>;
  /** Collects messages of a topic through a fresh subscription created now. */
  collect(topic: string): Promise<Collector>;
  worker(args?: string[], env?: Record<string, string>): Promise<DevkitChild>;
  auditor(args?: string[], env?: Record<string, string>): Promise<DevkitChild>;
  close(): Promise<void>;
}

export interface Collector {
  readonly messages: Message[];
  /** Unit keys (attribute unitKey, or bucket/object#generation) of the collected messages. */
  units(): string[];
}

export async function workflowFixture(topology: TopologyOptions = {}): Promise<WorkflowFixture> {
  const stack = await startStack({
    ports: { pubsub: 0, storage: 0, scheduler: 0 },
    services: ['pubsub', 'storage'],
  });
  const suffix = randomUUID().slice(0, 8);
  const prefix = `wf-${suffix}`;
  const runtime = createWorkflowRuntime(resolveConfig({ env: stack.env, services: ['pubsub', 'storage'] }), {
    keyPrefix: prefix,
  });
  const names = await provisionReferenceTopology(runtime.pubsub, runtime.storage, referenceNames(suffix), {
    ackDeadlineSeconds: 10,
    ...topology,
  });
  const env = { ...stack.env, DEVKIT_LOG_LEVEL: 'info' };
  const children: DevkitChild[] = [];
  const subscriptions: Subscription[] = [];
  const spawnDevkit = async (command: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const child = await startChild([command, '--key-prefix', prefix, ...args], { ...env, ...extraEnv });
    children.push(child);
    return child;
  };
  return {
    stack,
    ...runtime,
    names,
    env,
    async collect(topic) {
      const name = `collect-${topic}-${randomUUID().slice(0, 6)}`;
      const [subscription] = await runtime.pubsub.topic(topic).createSubscription(name);
      const messages: Message[] = [];
      subscription.on('message', (m: Message) => {
        messages.push(m);
        m.ack();
      });
      subscriptions.push(subscription);
      return {
        messages,
        units: () =>
          messages.map(
            (m) =>
              m.attributes.unitKey ??
              `${m.attributes.bucketId}/${m.attributes.objectId}#${m.attributes.objectGeneration}`,
          ),
      };
    },
    worker: (args = [], extraEnv = {}) =>
      spawnDevkit(
        'worker',
        [
          '--subscription',
          names.workerSubscription,
          '--processed-bucket',
          names.processedBucket,
          '--processing-topic',
          names.processing,
          '--complete-topic',
          names.complete,
          ...args,
        ],
        extraEnv,
      ),
    auditor: (args = [], extraEnv = {}) =>
      spawnDevkit(
        'auditor',
        [
          '--processing-subscription',
          names.auditorProcessing,
          '--complete-subscription',
          names.auditorComplete,
          '--dead-subscription',
          names.auditorDead,
          ...args,
        ],
        extraEnv,
      ),
    async close() {
      for (const c of children)
        if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
      await Promise.all(subscriptions.map((s) => s.close().catch(() => {})));
      await runtime.close();
      await stack.stop();
    },
  };
}
