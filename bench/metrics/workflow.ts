// `workflow.units_per_s`: units through 4 `devkit worker` processes doing the full claim-and-process
// flow (notification → claim in Redis → announce → write output → complete → ack) on a `devkit start`
// stack, timed from the first upload to the last distinct `complete` announcement, after an untimed
// warm-up batch.
import { randomUUID } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { provisionReferenceTopology, referenceNames } from '../../src/workflow/index.ts';
import { type BenchGroup, errorMessage, notMeasured, rounds } from '../bench.ts';
import {
  childNodeArgs,
  cleanEnv,
  cpuSeconds,
  DEVKIT_BIN,
  type ServerProcess,
  spawnReady,
  startDevkit,
} from '../processes.ts';
import { pump } from '../pump.ts';

const WORKFLOW = { name: 'workflow.units_per_s', unit: 'units/s', target: { op: '>=', value: 500 } } as const;
const WORKERS = 4;
const CONCURRENCY = 16;
const WARMUP_UNITS = 64;

function startWorker(
  env: Record<string, string>,
  names: ReturnType<typeof referenceNames>,
  id: string,
  prefix: string,
) {
  return spawnReady({
    command: process.execPath,
    args: [
      ...childNodeArgs(),
      DEVKIT_BIN,
      'worker',
      '--subscription',
      names.workerSubscription,
      '--processed-bucket',
      names.processedBucket,
      '--processing-topic',
      names.processing,
      '--complete-topic',
      names.complete,
      '--key-prefix',
      prefix,
      '--concurrency',
      String(CONCURRENCY),
      '--worker-id',
      id,
    ],
    label: `devkit worker ${id}`,
    env: { ...cleanEnv(), ...env, DEVKIT_LOG_LEVEL: 'warn' },
    timeoutMs: 60_000,
    ready: (out) => (out.includes('devkit ready\n') ? {} : undefined),
  });
}

export const workflowUnits: BenchGroup = {
  title: `Workflow: ${WORKERS} worker processes, claim-and-process`,
  metrics: [WORKFLOW],
  async run(ctx) {
    const units = ctx.quick ? 200 : 1000;
    const budgetMs = ctx.quick ? 20_000 : 60_000;
    const processes: ServerProcess[] = [];
    let pubsub: PubSub | undefined;
    try {
      const stack = await startDevkit(['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0']);
      processes.push(stack);
      const env = stack.env;
      pubsub = new PubSub({ projectId: env.GOOGLE_CLOUD_PROJECT, apiEndpoint: env.PUBSUB_EMULATOR_HOST });
      const storage = new Storage({
        projectId: env.GOOGLE_CLOUD_PROJECT,
        apiEndpoint: env.STORAGE_EMULATOR_HOST,
      });
      const suffix = randomUUID().slice(0, 8);
      const names = await provisionReferenceTopology(pubsub, storage, referenceNames(suffix));
      ctx.progress.detail(`stack ready, topology provisioned; starting ${WORKERS} workers`);
      processes.push(
        ...(await Promise.all(
          Array.from({ length: WORKERS }, (_, i) =>
            startWorker(env, names, `bench-w${i + 1}`, `bench-${suffix}`),
          ),
        )),
      );
      const completions = pubsub.subscription(names.auditorComplete, {
        flowControl: { maxMessages: 5000, allowExcessMessages: false },
      });
      const done = new Map<string, Set<string>>();
      let wake: (() => void) | undefined;
      completions.on('message', (message) => {
        message.ack();
        const object = message.attributes.objectId ?? '';
        const round = object.split('/')[0]!;
        const set = done.get(round) ?? new Set<string>();
        done.set(round, set);
        set.add(message.attributes.unitKey ?? object);
        wake?.();
      });
      const work = storage.bucket(names.workBucket);
      const body = Buffer.from(`unit body ---SVN--- ${'x'.repeat(200)}\n`);
      const upload = (round: string, count: number) =>
        pump(count, 32, budgetMs, (i) =>
          work.file(`${round}/unit-${i}.txt`).save(body, { resumable: false }),
        );
      const completed = async (round: string, count: number, deadline: number) => {
        while ((done.get(round)?.size ?? 0) < count && performance.now() < deadline) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 200);
          });
        }
        return done.get(round)?.size ?? 0;
      };
      // Untimed warm-up: a worker's first units open its streaming pull, its publisher and storage
      // connections and run cold code; a round must time steady work, not process start-up.
      await upload('warmup', WARMUP_UNITS);
      const warm = await completed('warmup', WARMUP_UNITS, performance.now() + budgetMs);
      ctx.progress.detail(`warm-up: ${warm} of ${WARMUP_UNITS} units through the workers (not timed)`);
      // Where the CPU goes (the stack process, each worker, this client) tells what limits the rate.
      const cpuBefore = processes.map((p) => cpuSeconds(p.pid));
      const selfBefore = process.cpuUsage();
      const values = await rounds(ctx, WORKFLOW.name, ctx.quick ? 2 : ctx.rounds, async (r) => {
        const round = `r${r}`;
        const started = performance.now();
        await upload(round, units);
        const finished = await completed(round, units, started + budgetMs + 30_000);
        if (finished < units) ctx.progress.detail(`  only ${finished} of ${units} units completed in time`);
        return finished / ((performance.now() - started) / 1000);
      });
      await completions.close();
      const self = process.cpuUsage(selfBefore);
      const cpu = processes.map(
        (p, i) => `${i === 0 ? 'stack' : `w${i}`} ${(cpuSeconds(p.pid) - cpuBefore[i]!).toFixed(1)}`,
      );
      cpu.push(`bench ${((self.user + self.system) / 1e6).toFixed(1)}`);
      ctx.progress.detail(`  CPU seconds over all rounds: ${cpu.join(', ')}`);
      return [
        {
          ...WORKFLOW,
          rounds: values,
          note: `${units} units per round, ${WORKERS} \`devkit worker\` processes × concurrency ${CONCURRENCY}, stack from \`devkit start\``,
        },
      ];
    } catch (error) {
      ctx.progress.detail(`failed: ${errorMessage(error)}`);
      return [notMeasured(WORKFLOW, `failed: ${errorMessage(error)}`)];
    } finally {
      await pubsub?.close().catch(() => {});
      for (const proc of processes.reverse()) await proc.stop();
    }
  },
};
