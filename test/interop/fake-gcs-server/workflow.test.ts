// The reference workflow with fake-gcs-server as the storage backend: our Pub/Sub emulator and
// Redis, fake-gcs-server's notifications (start flags, since it has no notificationConfigs API)
// publishing to `available`, and real `devkit worker` processes reaching it through
// STORAGE_EMULATOR_HOST alone. Every unit is processed exactly once.
import { randomUUID } from 'node:crypto';
import type { Message, PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { detectStorageBackend, fakeGcsNotificationFlags } from '../../../src/clients/fake-gcs-server.ts';
import { resolveConfig } from '../../../src/config/index.ts';
import { type StartedStack, startStack } from '../../../src/stack/index.ts';
import {
  createWorkflowRuntime,
  provisionReferenceTopology,
  type ReferenceNames,
  referenceNames,
  type WorkflowRuntime,
} from '../../../src/workflow/index.ts';
import { eventually } from '../../helpers/processes.ts';
import { type DevkitChild, startChild, uploadWork, versions } from '../../workflow/helpers.ts';
import { describeWith } from '../prerequisites.ts';
import { missingVenv } from '../pytest-run.ts';
import { type PythonWorker, startPythonWorker } from '../python-worker-process.ts';
import { findFakeGcsServer, INSTALL_HINT, type StartedFakeGcsServer, startFakeGcsServer } from './server.ts';

const binary = findFakeGcsServer();

async function collect(pubsub: PubSub, topic: string): Promise<Message[]> {
  const [subscription] = await pubsub.topic(topic).createSubscription(`collect-${randomUUID().slice(0, 8)}`);
  const messages: Message[] = [];
  subscription.on('message', (m: Message) => {
    messages.push(m);
    m.ack();
  });
  return messages;
}

/** One reference pipeline on its own fake-gcs-server (its one notification config is per process). */
interface Pipeline {
  names: ReferenceNames;
  prefix: string;
  fake: StartedFakeGcsServer;
  /** The stack's env with STORAGE_EMULATOR_HOST pointing at fake-gcs-server. */
  env: Record<string, string>;
  runtime: WorkflowRuntime;
  workerArgs(id: string): string[];
  close(): Promise<void>;
}

async function startPipeline(stack: StartedStack): Promise<Pipeline> {
  const suffix = randomUUID().slice(0, 8);
  const names = referenceNames(suffix);
  const prefix = `fgcs-${suffix}`;
  const fake = await startFakeGcsServer({
    binary: binary!,
    pubsubHost: stack.env.PUBSUB_EMULATOR_HOST,
    flags: fakeGcsNotificationFlags({
      topic: `projects/${stack.env.GOOGLE_CLOUD_PROJECT}/topics/${names.available}`,
      bucket: names.workBucket,
      eventTypes: ['OBJECT_FINALIZE'],
    }),
  });
  const env = { ...stack.env, STORAGE_EMULATOR_HOST: fake.url, STORAGE_BACKEND: 'fake-gcs-server' };
  const runtime = createWorkflowRuntime(resolveConfig({ env, services: ['pubsub', 'storage'] }), {
    keyPrefix: prefix,
  });
  // The bucket notification is fake-gcs-server's start flags (above), not an API call.
  await provisionReferenceTopology(runtime.pubsub, runtime.storage, names, { notification: false });
  return {
    names,
    prefix,
    fake,
    env,
    runtime,
    workerArgs: (id) => [
      ...['--subscription', names.workerSubscription, '--processed-bucket', names.processedBucket],
      ...['--processing-topic', names.processing, '--complete-topic', names.complete],
      ...['--key-prefix', prefix, '--lease-ms', '3000', '--concurrency', '2', '--replace', 'done'],
      ...['--worker-id', id],
    ],
    async close() {
      await runtime.close();
      await fake.stop();
    },
  };
}

/** Waits until every unit is announced complete, then checks outputs and Redis; returns output writers. */
async function expectExactlyOnce(
  p: Pipeline,
  complete: Message[],
  units: string[],
  diagnostics: () => string,
): Promise<Map<string, number>> {
  const completed = () => new Set(complete.map((m) => m.attributes.unitKey));
  const finished = await eventually(() => completed().size === units.length, 45_000);
  expect(finished, `${completed().size} of ${units.length} completed\n${diagnostics()}`).toBe(true);
  expect([...completed()].sort()).toEqual([...units].sort());
  const outputs = await versions(p.runtime.storage, p.names.processedBucket);
  expect(outputs.size).toBe(units.length);
  expect([...outputs.values()].every((generations) => generations.length === 1)).toBe(true);
  const writers = new Map<string, number>();
  for (const name of outputs.keys()) {
    const file = p.runtime.storage.bucket(p.names.processedBucket).file(name);
    const [[content], [metadata]] = await Promise.all([file.download(), file.getMetadata()]);
    expect(content.toString()).toMatch(/^file \d+ rev done end$/);
    const writer = String(metadata.metadata?.workerId);
    writers.set(writer, (writers.get(writer) ?? 0) + 1);
  }
  expect(await p.runtime.redis.keys(p.runtime.keys.claimPattern())).toEqual([]);
  expect((await p.runtime.redis.keys(`${p.prefix}:done:*`)).length).toBe(units.length);
  return writers;
}

describeWith(
  'the workflow with fake-gcs-server as storage backend',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    let stack: StartedStack;
    const pipelines: Pipeline[] = [];
    const workers: DevkitChild[] = [];
    let python: PythonWorker | undefined;

    beforeAll(async () => {
      stack = await startStack({ services: ['pubsub'], ports: { pubsub: 0 } });
    }, 60_000);

    afterAll(async () => {
      for (const w of workers)
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      if (python && python.child.exitCode === null && python.child.signalCode === null)
        python.child.kill('SIGKILL');
      await Promise.all([...workers.map((w) => w.exited), python?.exited]);
      for (const p of pipelines) await p.close();
      await stack?.stop();
    });

    const pipeline = async () => {
      const p = await startPipeline(stack);
      pipelines.push(p);
      return p;
    };

    it('two devkit workers process every work file exactly once; STORAGE_BACKEND and detection agree', async () => {
      const p = await pipeline();
      await expect(detectStorageBackend(p.fake.url, p.env)).resolves.toBe('fake-gcs-server');
      await expect(detectStorageBackend(p.fake.url, {})).resolves.toBe('fake-gcs-server');
      const complete = await collect(p.runtime.pubsub, p.names.complete);
      const mine: DevkitChild[] = [];
      for (const id of ['w1', 'w2']) mine.push(await startChild(['worker', ...p.workerArgs(id)], p.env));
      workers.push(...mine);

      const units = await uploadWork(p.runtime.storage, p.names.workBucket, 20);
      const diagnostics = () =>
        [p.fake.output(), ...mine.map((w) => JSON.stringify(w.logs().slice(-15), null, 1))].join('\n');
      const writers = await expectExactlyOnce(p, complete, units, diagnostics);
      expect([...writers.keys()].every((id) => id === 'w1' || id === 'w2')).toBe(true);

      for (const w of mine) w.child.kill('SIGTERM');
      for (const w of mine) expect(await w.exited).toEqual({ code: 0, signal: null });
    }, 90_000);

    describeWith('with a Python worker beside a devkit worker', missingVenv(), () => {
      it('they share the work on fake-gcs-server, each unit exactly once', async () => {
        const p = await pipeline();
        const complete = await collect(p.runtime.pubsub, p.names.complete);
        const ts = await startChild(['worker', ...p.workerArgs('ts-1')], p.env);
        workers.push(ts);
        const args = ['--lease-ms', '3000', '--concurrency', '2', '--delay-ms', '100', '--replace', 'done'];
        python = await startPythonWorker(p.env, p.names, p.prefix, [...args, '--worker-id', 'py-1']);

        const units = await uploadWork(p.runtime.storage, p.names.workBucket, 20);
        const diagnostics = () =>
          [p.fake.output(), python!.output(), JSON.stringify(ts.logs().slice(-15))].join('\n');
        const writers = await expectExactlyOnce(p, complete, units, diagnostics);
        expect(writers.get('py-1'), JSON.stringify([...writers])).toBeGreaterThan(0);
        expect(writers.get('ts-1'), JSON.stringify([...writers])).toBeGreaterThan(0);

        python.child.kill('SIGTERM');
        expect(await python.exited, python.output()).toEqual({ code: 0, signal: null });
        expect(python.stats()).toMatchObject({ completed: writers.get('py-1'), failed: 0 });
        ts.child.kill('SIGTERM');
        expect(await ts.exited).toEqual({ code: 0, signal: null });
      }, 90_000);
    });

    it('a scenario reset (delete_all) removes the buckets too, so the topology is applied again', async () => {
      const p = pipelines[0] ?? (await pipeline());
      const bucket = p.runtime.storage.bucket(p.names.workBucket);
      await p.fake.client.deleteAll();
      expect((await bucket.exists())[0]).toBe(false);
      await p.runtime.storage.createBucket(p.names.workBucket);
      await bucket.file('again.txt').save('x');
      expect((await bucket.getFiles())[0].map((f) => f.name)).toEqual(['again.txt']);
    });
  },
);
