// Integration fixtures for the workflow: a stack (Pub/Sub + Storage emulators, redis-server) with
// the reference topology under unique names, real `devkit worker` / `devkit auditor` processes,
// and collectors for announcements. Everything is stopped by `close()`.
import { type ChildProcess, spawn } from 'node:child_process';
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
import { cleanEnv, DEVKIT_BIN } from '../helpers/devkit-process.ts';

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

export interface DevkitChild {
  child: ChildProcess;
  workerId?: string;
  stdout(): string;
  /** Parsed JSON log lines from stderr. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
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

/** Spawns `devkit <args>` and resolves once it printed `devkit ready`. */
export function startChild(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<DevkitChild> {
  const child = spawn(process.execPath, [DEVKIT_BIN, ...args], {
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle: DevkitChild = {
    child,
    stdout: () => out,
    logs: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited,
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devkit ${args.join(' ')} not ready in ${timeoutMs} ms\n${out}\n${err}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      if (!out.includes('devkit ready\n')) return;
      clearInterval(poll);
      clearTimeout(timer);
      handle.workerId = /^worker (\S+)$/m.exec(out)?.[1];
      resolve(handle);
    }, 20);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(
        new Error(`devkit ${args.join(' ')} exited early (code ${code}, signal ${signal})\n${out}\n${err}`),
      );
    });
  });
}

/** Uploads `count` work files `f-000.txt`..., each containing the token; returns their unit keys. */
export async function uploadWork(storage: Storage, bucket: string, count: number, token = '---SVN---') {
  const units: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `f-${String(i).padStart(3, '0')}.txt`;
    const file = storage.bucket(bucket).file(name);
    await file.save(`file ${i} rev ${token} end`, { resumable: false });
    const [metadata] = await file.getMetadata();
    units.push(`${bucket}/${name}#${metadata.generation}`);
  }
  return units;
}

/** Every version of every object in a (versioned) bucket: name → generations. */
export async function versions(storage: Storage, bucket: string): Promise<Map<string, string[]>> {
  const [files] = await storage.bucket(bucket).getFiles({ versions: true });
  const byName = new Map<string, string[]>();
  for (const f of files) byName.set(f.name, [...(byName.get(f.name) ?? []), String(f.metadata.generation)]);
  return byName;
}

/** Publishes a copy of a unit's OBJECT_FINALIZE notification to `available`, as the bucket would. */
export async function publishDuplicate(fx: WorkflowFixture, unitKey: string): Promise<void> {
  const [, bucketId, objectId, objectGeneration] = /^([^/]+)\/(.+)#(\d+)$/.exec(unitKey)!;
  await fx.pubsub.topic(fx.names.available).publishMessage({
    data: Buffer.from(JSON.stringify({ kind: 'storage#object', bucket: bucketId, name: objectId })),
    attributes: {
      bucketId: bucketId!,
      objectId: objectId!,
      objectGeneration: objectGeneration!,
      eventType: 'OBJECT_FINALIZE',
      payloadFormat: 'JSON_API_V1',
    },
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
