import { createLogger } from '../../emulators/common/index.ts';
import {
  needsDevkitStorage,
  type ScenarioContext,
  ScenarioSkipped,
  type WorkerPool,
  type WorkerProgram,
  workerEnv,
} from '../../src/scenario/index.ts';
import {
  type Auditor,
  createAuditor,
  provisionReferenceTopology,
  type ReferenceNames,
  referenceNames,
  type TopologyOptions,
  workflowKeys,
} from '../../src/workflow/index.ts';

export const TOKEN = '---SVN---';
export const REPLACEMENT = 'r1234';

export interface Pipeline {
  names: ReferenceNames;
  auditor: Auditor;
  /** Object names of the uploaded work files. */
  files: string[];
  /** The unit keys (`bucket/object#generation`) of the uploads. */
  units: string[];
  /** Workers of the claim flow, pulling the reference subscription. */
  workers: WorkerPool;
  keyPrefix: string;
  /** The suffix of a side-by-side pipeline; its metrics are reported as `<suffix>.<name>`. */
  suffix?: string;
  /** Whether an output's content is right (default: the token replaced, as `devkit worker` does). */
  checkOutput: (content: string) => boolean;
}

/**
 * A team's own worker program instead of `devkit worker`: a script (a .ts one runs through tsx)
 * that reads its names from the env `workerEnv` describes, with optional arguments per worker id.
 */
export interface CustomWorker extends WorkerProgram {
  script: string;
  args?: (id: string) => string[];
}

export interface PipelineOptions extends TopologyOptions {
  /** Names get this suffix (fan-out runs two pipelines side by side). */
  suffix?: string;
  /** Overrides of the suffixed names, e.g. a second group subscribing to another pipeline's topic. */
  names?: Partial<ReferenceNames>;
  /** Lane names of this pipeline's workers: `<idPrefix>1`, ... Default `w`. */
  idPrefix?: string;
  /** Extra `devkit worker` flags. */
  workerArgs?: string[];
  leaseMs?: number;
  concurrency?: number;
  /** Run this program as the pipeline's workers (default: `devkit worker`, replace-tokens). */
  worker?: CustomWorker;
  /** See `Pipeline.checkOutput`; give it with a `worker` whose handler writes something else. */
  checkOutput?: (content: string) => boolean;
}

const tokenReplaced = (content: string) => content.includes(REPLACEMENT) && !content.includes(TOKEN);

/** Provisions the topology, starts the auditor and prepares (not starts) the worker pool. */
export async function setUpPipeline(ctx: ScenarioContext, options: PipelineOptions = {}): Promise<Pipeline> {
  const wanted = { ...referenceNames(options.suffix), ...options.names };
  const names =
    ctx.stack.storageBackend === 'fake-gcs-server'
      ? await provisionOnFakeGcsServer(ctx, wanted, options)
      : await provisionReferenceTopology(ctx.pubsub, ctx.storage, wanted, options);
  const keyPrefix = `${ctx.prefix}${options.suffix ? `-${options.suffix}` : ''}`;
  const auditor = createAuditor({
    pubsub: ctx.pubsub,
    redis: ctx.redis,
    keys: workflowKeys(keyPrefix),
    logger: createLogger('silent'),
    subscriptions: {
      processing: names.auditorProcessing,
      complete: names.auditorComplete,
      dead: names.auditorDead,
    },
    stalledAfterMs: 5_000,
  });
  auditor.start();
  // Its sweep timer would keep the process alive if the run ends before `finish` (an error, a skip).
  ctx.onTeardown(() => auditor.stop());
  const custom = options.worker;
  const workers = custom
    ? ctx.workerPool(custom.args ?? (() => []), {
        ...custom,
        idPrefix: options.idPrefix ?? custom.idPrefix,
        env: { ...workerEnv(names, keyPrefix), ...custom.env },
      })
    : ctx.workerPool(
        (id) => [
          'worker',
          ...['--subscription', names.workerSubscription, '--processed-bucket', names.processedBucket],
          ...['--processing-topic', names.processing, '--complete-topic', names.complete],
          ...['--find', TOKEN, '--replace', REPLACEMENT, '--worker-id', id, '--key-prefix', keyPrefix],
          ...[
            '--concurrency',
            String(options.concurrency ?? 4),
            '--lease-ms',
            String(options.leaseMs ?? 3000),
          ],
          ...(options.workerArgs ?? []),
        ],
        { idPrefix: options.idPrefix },
      );
  const pipeline: Pipeline = {
    names,
    auditor,
    files: [],
    units: [],
    workers,
    keyPrefix,
    suffix: options.suffix,
    checkOutput: options.checkOutput ?? tokenReplaced,
  };
  if (!options.suffix) ctx.state.pipeline = pipeline;
  return pipeline;
}

/**
 * The reference topology with fake-gcs-server as Storage. It has no notificationConfigs API and
 * takes one notification config per process as start flags: the stack restarts it with the work
 * bucket's (its memory backend then starts empty, so this comes before any bucket), and a second
 * pipeline wanting another one skips the scenario rather than losing the first one's data.
 */
async function provisionOnFakeGcsServer(
  ctx: ScenarioContext,
  names: ReferenceNames,
  options: TopologyOptions,
): Promise<ReferenceNames> {
  const notification = {
    topic: `projects/${ctx.config.project}/topics/${names.available}`,
    bucket: names.workBucket,
    eventTypes: ['OBJECT_FINALIZE' as const],
  };
  const current = ctx.stack.storageNotification;
  if (!current) await ctx.stack.setStorageNotification(notification);
  else if (current.topic !== notification.topic || current.bucket !== notification.bucket) {
    const why = `a second bucket notification (${notification.bucket} → ${names.available}; fake-gcs-server takes one, as start flags)`;
    throw new ScenarioSkipped(needsDevkitStorage(why, ctx.stack.storageBackend));
  }
  await provisionReferenceTopology(ctx.pubsub, ctx.storage, names, { ...options, notification: false });
  return names;
}

/** Uploads `count` work files (each holding the token) with bounded parallelism. */
export async function uploadWorkFiles(
  ctx: ScenarioContext,
  pipeline: Pipeline,
  count: number,
  from = 0,
): Promise<void> {
  const bucket = ctx.storage.bucket(pipeline.names.workBucket);
  const indexes = Array.from({ length: count }, (_, i) => from + i);
  for (let i = 0; i < indexes.length; i += 16) {
    await Promise.all(
      indexes.slice(i, i + 16).map(async (n) => {
        const name = `workfiles/file-${String(n).padStart(4, '0')}.txt`;
        const file = bucket.file(name);
        await file.save(`unit ${n}: ${TOKEN} replaced by the worker\n`, { resumable: false });
        pipeline.files.push(name);
        pipeline.units.push(`${pipeline.names.workBucket}/${name}#${file.metadata.generation}`);
      }),
    );
  }
}

/** Waits until the auditor has seen `count` distinct units complete. */
export async function waitForCompletions(
  ctx: ScenarioContext,
  pipeline: Pipeline,
  count: number,
  timeoutMs = 60_000,
) {
  await ctx.waitFor(`${count} units complete`, () => pipeline.auditor.counts().completed >= count, timeoutMs);
}

/** Stops the workers gracefully and the auditor; records the exit codes for invariants. */
export async function finish(ctx: ScenarioContext, pipeline: Pipeline): Promise<void> {
  const codes = await pipeline.workers.stopAll();
  ctx.state.exitCodes = { ...(ctx.state.exitCodes as object | undefined), ...codes };
  // Give the last announcements a moment to reach the auditor before it stops.
  await ctx.sleep(300);
  await pipeline.auditor.stop();
  const counts = pipeline.auditor.counts();
  const metrics: Record<string, number> = {
    units: pipeline.units.length,
    completed: counts.completed,
    duplicateCompletes: counts.duplicateCompletes,
    deadLettered: counts.deadLettered,
    stalledReports: pipeline.auditor.reports().filter((r) => r.report === 'stalled').length,
  };
  const tag = pipeline.suffix ? `${pipeline.suffix}.` : '';
  for (const [name, value] of Object.entries(metrics)) ctx.metrics[`${tag}${name}`] = value;
  Object.assign(ctx.metrics, {
    claims: ctx.timeline.count('claim'),
    duplicatesSuppressed: ctx.timeline.count('duplicate'),
    crashes: ctx.timeline.count('crash'),
  });
}
