// Runs one scenario end to end: a fresh local stack on free ports, clients, the scenario's hooks
// under a timeout, its invariants, then teardown of every process, port and temp folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_ADMIN_PATH, type FaultRuleInput, seededRandom } from '../../emulators/faults/index.ts';
import { createPubSub, createRedis, createStorage } from '../clients/index.ts';
import { declaredStorageBackend, resolveConfig, type StorageBackend } from '../config/index.ts';
import { EMULATORS, type ServiceName, type StartedStack, startStack } from '../stack/index.ts';
import type { FaultReport, FaultService, ScenarioContext } from './context.ts';
import { startProgress } from './progress.ts';
import { Timeline } from './timeline.ts';
import {
  type InvariantResult,
  needsDevkitStorage,
  type ScenarioDefinition,
  type ScenarioOptions,
  type ScenarioResult,
  ScenarioSkipped,
} from './types.ts';
import { WorkerPool } from './worker-pool.ts';

export interface RunOptions extends Partial<ScenarioOptions> {
  /** Show live progress on stderr. */
  progress?: boolean;
  /** What serves Storage. Default: STORAGE_BACKEND from the environment, else `devkit`. */
  storageBackend?: StorageBackend;
  /**
   * Called once the scenario's stack is up, before the scenario runs (e.g. to serve the dashboard
   * for it and stream the timeline). What it returns is called at teardown with the outcome.
   */
  onStack?: (
    stack: StartedStack,
    timeline: Timeline,
  ) => Promise<((result: ScenarioResult) => Promise<void> | void) | undefined>;
}

/** Why `definition` cannot run on this storage backend, or undefined when it can. */
export function skipReason(
  definition: ScenarioDefinition,
  storageBackend: StorageBackend,
): string | undefined {
  if (storageBackend === 'devkit') return undefined;
  const why =
    definition.requires?.devkitStorage ??
    (definition.faults?.some((rule) => rule.service === 'storage') ? 'storage fault injection' : undefined);
  return why && needsDevkitStorage(why, storageBackend);
}

export async function runScenario(
  definition: ScenarioDefinition,
  runOptions: RunOptions = {},
): Promise<{ result: ScenarioResult; timeline: Timeline }> {
  const options: ScenarioOptions = {
    seed: runOptions.seed ?? definition.defaults?.seed ?? 1,
    workers: runOptions.workers ?? definition.defaults?.workers ?? 3,
    files: runOptions.files ?? definition.defaults?.files ?? 99,
    mutation: runOptions.mutation,
  };
  if (options.mutation && !definition.mutations?.[options.mutation]) {
    throw new Error(
      `${definition.name} has no mutation "${options.mutation}" (known: ${Object.keys(definition.mutations ?? {}).join(', ') || 'none'})`,
    );
  }
  const storageBackend = runOptions.storageBackend ?? declaredStorageBackend() ?? 'devkit';
  const timeline = new Timeline();
  const started = Date.now();
  const declaredSkip = skipReason(definition, storageBackend);
  if (declaredSkip) {
    const result = {
      ...summaryOf(definition),
      ...{ passed: false, durationMs: 0, invariants: [], metrics: {}, skipped: declaredSkip },
    };
    return { result, timeline };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `devkit-scenario-${definition.name}-`));
  const pools: WorkerPool[] = [];
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let stack: StartedStack | undefined;
  let error: string | undefined;
  let skipped: string | undefined;
  let invariants: InvariantResult[] = [];
  let ctx: ScenarioContext | undefined;
  let onFinish: ((result: ScenarioResult) => Promise<void> | void) | undefined;
  const stopProgress = runOptions.progress ? startProgress(definition.name, timeline) : undefined;
  try {
    stack = await startStack({
      // Every service on a free port (emulators added later included), never the default ones.
      ports: Object.fromEntries([...EMULATORS.map((e) => [e.name, 0]), ['redis', 0]]),
      dataDir,
      storageBackend,
    });
    onFinish = await runOptions.onStack?.(stack, timeline);
    ctx = createContext(definition, options, stack, timeline, pools, cleanups);
    if (definition.faults?.length) await armByService(ctx, definition.faults);
    await withTimeout(
      definition.run(ctx),
      definition.timeoutMs ?? 90_000,
      `${definition.name} did not finish`,
    );
  } catch (err) {
    if (err instanceof ScenarioSkipped) skipped = err.message;
    else error = (err as Error).message;
  }
  try {
    if (ctx && !skipped) invariants = await checkInvariants(definition, ctx);
  } finally {
    stopProgress?.();
    for (const pool of pools) await pool.stopAll(5_000).catch(() => {});
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const passed = !error && invariants.length > 0 && invariants.every((i) => i.passed);
  const result: ScenarioResult = {
    ...summaryOf(definition),
    passed,
    durationMs: Date.now() - started,
    invariants,
    metrics: ctx?.metrics ?? {},
    ...(error ? { error } : {}),
    ...(skipped ? { skipped } : {}),
  };
  await Promise.resolve(onFinish?.(result)).catch(() => {});
  return { result, timeline };
}

const summaryOf = (definition: ScenarioDefinition) => ({
  name: definition.name,
  description: definition.description,
});

function createContext(
  definition: ScenarioDefinition,
  options: ScenarioOptions,
  stack: StartedStack,
  timeline: Timeline,
  pools: WorkerPool[],
  cleanups: Array<() => Promise<unknown> | unknown>,
): ScenarioContext {
  const env = { ...stack.env };
  // fake-gcs-server serves Storage without being one of our emulators.
  const services = Object.keys(stack.emulators) as ServiceName[];
  if (stack.storageBackend !== 'devkit') services.push('storage');
  const config = resolveConfig({ env, services });
  const pubsub = createPubSub(config);
  const storage = createStorage(config);
  const redis = createRedis(config, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  cleanups.push(
    () => pubsub.close(),
    () => redis.disconnect(),
  );
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const ctx: ScenarioContext = {
    name: definition.name,
    options,
    random: seededRandom(options.seed),
    prefix: `${definition.name}-${options.seed}-${Date.now().toString(36)}`,
    stack,
    env,
    config,
    pubsub,
    storage,
    redis,
    timeline,
    metrics: {},
    state: {},
    workerPool(args, program) {
      const pool = new WorkerPool(env, timeline, args, program);
      pools.push(pool);
      return pool;
    },
    armFaults: (service, rules) => armFaults(stack, service, rules, timeline),
    async faultReport(service) {
      const response = await fetch(faultAdminUrl(stack, service));
      if (!response.ok) throw new Error(`reading ${service} faults failed: ${response.status}`);
      return (await response.json()) as FaultReport;
    },
    async waitFor(label, check, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
        await sleep(100);
      }
    },
    sleep,
    onTeardown: (fn) => cleanups.push(fn),
    note: (message) => timeline.record('scenario', 'note', { detail: message }),
  };
  return ctx;
}

async function armByService(ctx: ScenarioContext, rules: FaultRuleInput[]): Promise<void> {
  for (const service of ['pubsub', 'storage', 'scheduler'] as const) {
    const mine = rules.filter((r) => r.service === service);
    if (mine.length) await ctx.armFaults(service, mine);
  }
}

/** The admin endpoint of `service`'s fault injector; skips the scenario where there is none. */
function faultAdminUrl(stack: StartedStack, service: FaultService): string {
  if (service === 'storage' && stack.storageBackend !== 'devkit') {
    throw new ScenarioSkipped(needsDevkitStorage('storage fault injection', stack.storageBackend));
  }
  const server = stack.emulators[service];
  if (!server) throw new Error(`no fault injection: the ${service} emulator is not running`);
  return `http://${server.address}${FAULT_ADMIN_PATH}`;
}

async function armFaults(
  stack: StartedStack,
  service: FaultService,
  rules: FaultRuleInput[],
  timeline: Timeline,
): Promise<void> {
  const response = await fetch(faultAdminUrl(stack, service), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (!response.ok)
    throw new Error(`arming ${service} faults failed: ${response.status} ${await response.text()}`);
  for (const rule of rules)
    timeline.record('faults', 'fault', { detail: `${service} ${rule.kind} ${rule.method ?? ''}` });
}

async function checkInvariants(
  definition: ScenarioDefinition,
  ctx: ScenarioContext,
): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  for (const invariant of definition.invariants) {
    try {
      const { passed, detail } = await invariant.check(ctx);
      results.push({ name: invariant.name, passed, detail });
    } catch (err) {
      results.push({
        name: invariant.name,
        passed: false,
        detail: `check failed: ${(err as Error).message}`,
      });
    }
  }
  return results;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
