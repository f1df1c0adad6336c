// `workflow.units_per_s`: units through 4 `devkit worker` processes doing the full claim-and-process
// flow (notification → claim in Redis → announce → write output → complete → ack) on a `devkit start`
// stack, timed from the first upload to the last distinct `complete` announcement, after an untimed
// warm-up batch. Workers are added 1 → 2 → 4 → 8 on the same stack for the scale chart.
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
import type { Measured } from '../results.ts';

const WORKFLOW = { name: 'workflow.units_per_s', unit: 'units/s', target: { op: '>=', value: 500 } } as const;
const WORKERS = 4;
const SCALE = [1, 2, 4, 8];
const scaleSpec = (workers: number) => ({
  name: `workflow.scale.workers_${workers}.units_per_s`,
  unit: 'units/s',
  target: { op: '>=', value: 500 } as const,
  series: { chart: 'Workflow units/s by worker processes', axis: 'workers', x: workers },
});
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
  title: `Workflow: ${SCALE.join(', ')} worker processes, claim-and-process`,
  metrics: [WORKFLOW, ...SCALE.map(scaleSpec)],
  async run(ctx) {
    const units = ctx.quick ? 150 : 1000;
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
      const growTo = async (count: number) => {
        const have = processes.length - 1;
        ctx.progress.detail(`${count} workers (starting ${count - have})`);
        processes.push(
          ...(await Promise.all(
            Array.from({ length: count - have }, (_, i) =>
              startWorker(env, names, `bench-w${have + i + 1}`, `bench-${suffix}`),
            ),
          )),
        );
      };
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
        pump(count, 32, budgetMs, (i) => {
          const save = () => work.file(`${round}/unit-${i}.txt`).save(body, { resumable: false });
          // A keep-alive socket the server closed while idle between rounds fails once with EPIPE.
          return save().catch(save);
        });
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
      const warmUp = async (label: string) => {
        await upload(label, WARMUP_UNITS);
        const warm = await completed(label, WARMUP_UNITS, performance.now() + budgetMs);
        ctx.progress.detail(`warm-up: ${warm} of ${WARMUP_UNITS} units through the workers (not timed)`);
      };
      const out: Measured[] = [];
      const measurePoint = async (workers: number) => {
        await growTo(workers);
        await warmUp(`warmup${workers}`);
        // Where the CPU goes (the stack process, each worker, this client) tells what limits the rate.
        const cpuBefore = processes.map((p) => cpuSeconds(p.pid));
        const selfBefore = process.cpuUsage();
        const count = workers === WORKERS ? Math.max(3, ctx.rounds) : ctx.quick ? 1 : 3;
        const values = await rounds(ctx, `${WORKFLOW.name} ×${workers}`, count, async (r) => {
          const round = `w${workers}r${r}`;
          const started = performance.now();
          await upload(round, units);
          const finished = await completed(round, units, started + budgetMs + 30_000);
          if (finished < units) ctx.progress.detail(`  only ${finished} of ${units} units completed in time`);
          return finished / ((performance.now() - started) / 1000);
        });
        const self = process.cpuUsage(selfBefore);
        const cpu = processes.map(
          (p, i) => `${i === 0 ? 'stack' : `w${i}`} ${(cpuSeconds(p.pid) - cpuBefore[i]!).toFixed(1)}`,
        );
        cpu.push(`bench ${((self.user + self.system) / 1e6).toFixed(1)}`);
        ctx.progress.detail(`  CPU seconds over these rounds: ${cpu.join(', ')}`);
        return values;
      };
      for (const workers of SCALE) {
        const note = `${units} units per round, ${workers} \`devkit worker\` processes × concurrency ${CONCURRENCY}, stack from \`devkit start\``;
        try {
          const values = await measurePoint(workers);
          out.push({ ...scaleSpec(workers), rounds: values, note });
          if (workers === WORKERS) out.push({ ...WORKFLOW, rounds: values, note });
        } catch (error) {
          // Keep the points measured so far; the rest say why they are missing.
          const why = `failed at ${workers} workers: ${errorMessage(error)}`;
          ctx.progress.detail(why);
          for (const w of SCALE.filter((n) => n >= workers)) out.push(notMeasured(scaleSpec(w), why));
          if (workers <= WORKERS) out.push(notMeasured(WORKFLOW, why));
          break;
        }
      }
      await completions.close();
      return out;
    } catch (error) {
      ctx.progress.detail(`failed: ${errorMessage(error)}`);
      return [WORKFLOW, ...SCALE.map(scaleSpec)].map((m) => notMeasured(m, `failed: ${errorMessage(error)}`));
    } finally {
      await pubsub?.close().catch(() => {});
      for (const proc of processes.reverse()) await proc.stop();
    }
  },
};
