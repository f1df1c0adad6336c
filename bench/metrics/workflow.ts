// `workflow.units_per_s`: units through 4 `devkit worker` processes doing the full claim-and-process
// flow (notification → claim in Redis → announce → write output → complete → ack) on a `devkit start`
// stack, timed from the first upload to the last distinct `complete` announcement, after an untimed
// warm-up batch. Workers are added 1 → 2 → 4 → 8 on the same stack for the scale chart; each point
// logs its per-unit budget (workflow-budget.ts: CPU, Redis commands, Pub/Sub and Storage calls).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { Redis } from 'ioredis';
import { provisionReferenceTopology, referenceNames } from '../../src/workflow/index.ts';
import { type BenchGroup, errorMessage, notMeasured, rounds } from '../bench.ts';
import {
  childNodeArgs,
  cleanEnv,
  DEVKIT_BIN,
  type ServerProcess,
  spawnReady,
  startDevkit,
} from '../processes.ts';
import { pump } from '../pump.ts';
import type { Measured } from '../results.ts';
import { budgetLines, CALL_COUNTER, snapshotBudget } from './workflow-budget.ts';

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
/** Units per round of the 1, 2 and 8 worker points in quick runs (the 4-worker point keeps its count). */
const QUICK_SCALE_UNITS = 100;

function startWorker(
  env: Record<string, string>,
  names: ReturnType<typeof referenceNames>,
  id: string,
  prefix: string,
  countsDir: string,
) {
  return spawnReady({
    command: process.execPath,
    args: [
      ...childNodeArgs(),
      '--import',
      CALL_COUNTER,
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
    env: { ...cleanEnv(), ...env, DEVKIT_LOG_LEVEL: 'warn', DEVKIT_BENCH_COUNTS: countsDir },
    timeoutMs: 60_000,
    ready: (out) => (out.includes('devkit ready\n') ? {} : undefined),
  });
}

export const workflowUnits: BenchGroup = {
  title: `Workflow: ${SCALE.join(', ')} worker processes, claim-and-process`,
  metrics: [WORKFLOW, ...SCALE.map(scaleSpec)],
  async run(ctx) {
    const units = ctx.quick ? 150 : 1000;
    // Quick runs cap each round's uploads by time too (a loaded machine does ~10 units/s).
    const budgetMs = ctx.quick ? 4_000 : 60_000;
    // How long a round waits for its last completions after the uploads (quick: bounded hard).
    const tailMs = ctx.quick ? 5_000 : 30_000;
    const processes: ServerProcess[] = [];
    let pubsub: PubSub | undefined;
    let redis: Redis | undefined;
    const countsDir = mkdtempSync(join(tmpdir(), 'devkit-bench-calls-'));
    try {
      const stack = await startDevkit(
        ['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0'],
        30_000,
        { DEVKIT_BENCH_COUNTS: countsDir },
        ['--import', CALL_COUNTER],
      );
      processes.push(stack);
      const env = stack.env;
      redis = new Redis(env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 2 });
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
              startWorker(env, names, `bench-w${have + i + 1}`, `bench-${suffix}`, countsDir),
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
      let uploaded = 0;
      const upload = async (round: string, count: number) => {
        const result = await pump(count, 32, budgetMs, (i) => {
          const save = () => work.file(`${round}/unit-${i}.txt`).save(body, { resumable: false });
          // A keep-alive socket the server closed while idle between rounds fails once with EPIPE.
          return save().catch(save);
        });
        uploaded += result.done;
        return result;
      };
      const waitFor = async (ok: () => boolean, deadline: number) => {
        while (!ok() && performance.now() < deadline) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 200);
          });
        }
      };
      const completed = async (round: string, count: number, deadline: number) => {
        await waitFor(() => (done.get(round)?.size ?? 0) >= count, deadline);
        return done.get(round)?.size ?? 0;
      };
      // Units of earlier windows still queued would be worked on inside the next round's window
      // (FIFO) and starve it; each round waits (untimed, bounded) for them first.
      const leftovers = () => uploaded - [...done.values()].reduce((n, set) => n + set.size, 0);
      const drainLeftovers = async () => {
        await waitFor(() => leftovers() <= 0, performance.now() + tailMs);
        if (leftovers() > 0) ctx.progress.detail(`  ${leftovers()} units of earlier windows still queued`);
      };
      // Untimed warm-up: a worker's first units open its streaming pull, its publisher and storage
      // connections and run cold code; a round must time steady work, not process start-up.
      const warmUp = async (label: string, count: number) => {
        const { done: sent } = await upload(label, count);
        const warm = await completed(label, sent, performance.now() + (ctx.quick ? tailMs : budgetMs));
        ctx.progress.detail(`warm-up: ${warm} of ${sent} units through the workers (not timed)`);
      };
      const out: Measured[] = [];
      const measurePoint = async (workers: number) => {
        const fresh = workers - (processes.length - 1);
        await growTo(workers);
        // Quick runs warm only the newly started workers' share (the others are warm already).
        await warmUp(
          `warmup${workers}`,
          ctx.quick ? Math.max(16, (WARMUP_UNITS * fresh) / workers) : WARMUP_UNITS,
        );
        // Where the cost goes (CPU of the stack, each worker and this client; Redis commands; the
        // workers' gRPC and HTTP calls) tells what limits the rate.
        const before = await snapshotBudget(redis!, processes, countsDir);
        let unitsDone = 0;
        const full = workers === WORKERS ? Math.max(3, ctx.rounds) : 3;
        const count = !ctx.quick ? full : workers === WORKERS ? ctx.rounds : 1;
        const perRound = workers === WORKERS || !ctx.quick ? units : QUICK_SCALE_UNITS;
        const values = await rounds(ctx, `${WORKFLOW.name} ×${workers}`, count, async (r) => {
          const round = `w${workers}r${r}`;
          await drainLeftovers();
          const started = performance.now();
          const { done: sent } = await upload(round, perRound);
          const finished = await completed(round, sent, performance.now() + tailMs);
          if (finished < perRound)
            ctx.progress.detail(
              `  only ${finished} of ${perRound} units completed in time (${sent} uploaded)`,
            );
          unitsDone += finished;
          return finished / ((performance.now() - started) / 1000);
        });
        const budget = budgetLines(before, await snapshotBudget(redis!, processes, countsDir), unitsDone);
        for (const line of budget) ctx.progress.detail(`  ${line}`);
        return { values, budget };
      };
      for (const workers of SCALE) {
        const perRound = workers === WORKERS || !ctx.quick ? units : QUICK_SCALE_UNITS;
        const note = `up to ${perRound} units per round${ctx.quick ? ` or ${budgetMs / 1000} s of uploads (quick run)` : ''}, ${workers} \`devkit worker\` processes × concurrency ${CONCURRENCY}, stack from \`devkit start\``;
        try {
          const { values, budget } = await measurePoint(workers);
          out.push({ ...scaleSpec(workers), rounds: values, note });
          if (workers === WORKERS)
            out.push({ ...WORKFLOW, rounds: values, note: `${note}; ${budget.join('; ')}` });
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
      redis?.disconnect();
      // Workers drain (each up to its SIGKILL grace) side by side, then the stack they talk to.
      const [stack, ...workers] = processes;
      await Promise.all(workers.map((w) => w.stop()));
      await stack?.stop();
      rmSync(countsDir, { recursive: true, force: true });
    }
  },
};
