// Starts naive ack-first workers (lib/naive-worker.ts) in a scenario's pipeline, in place of the
// claim flow: same subscription, same outputs, same timeline lanes.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioContext, WorkerPool } from '../../src/scenario/index.ts';
import { type Pipeline, REPLACEMENT, TOKEN } from './pipeline.ts';

// .ts in a checkout, .js compiled in the installed package.
const SCRIPT = fileURLToPath(new URL(`./naive-worker${extname(import.meta.url)}`, import.meta.url));

/** Replaces the pipeline's worker pool with `n` naive workers and starts them. */
export function startNaiveWorkers(
  ctx: ScenarioContext,
  pipeline: Pipeline,
  n: number,
  delayMs = 0,
  idPrefix = 'w',
): WorkerPool {
  const names = pipeline.names;
  const pool = ctx.workerPool(
    () => [
      ...[names.workerSubscription, names.processedBucket, names.complete, pipeline.keyPrefix],
      ...[TOKEN, REPLACEMENT, String(delayMs)],
    ],
    { script: SCRIPT, idPrefix },
  );
  pipeline.workers = pool;
  pool.start(n);
  return pool;
}
