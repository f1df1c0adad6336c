// Cloud Tasks fan-out: a worker enqueues one named HTTP task per unit and re-enqueues some (as a
// worker retrying after a lost reply would); the handler fails and is slow sometimes. Named
// tasks dedupe the re-enqueues (ALREADY_EXISTS), the queue's rate limits hold, and retries are
// spaced by its RetryConfig. Mutation `unnamed-tasks` drops the names: re-enqueued units run twice.
import { createHash } from 'node:crypto';
import { retryDelay } from '../emulators/tasks/index.ts';
import { createTasksClient } from '../src/clients/index.ts';
import { resolveConfig } from '../src/config/index.ts';
import { defineScenario, type ScenarioContext } from '../src/scenario/index.ts';
import { type HandlerAttempt, startTasksHandler, type TasksHandler } from './lib/tasks-handler.ts';

const RATE = 20;
const CONCURRENT = 4;
const BURST = 4; // what the queue reports for 20/s (checked in run)
const RETRY = {
  minBackoffMs: 200,
  maxBackoffMs: 1_000,
  maxDoublings: 2,
  maxAttempts: 20,
  maxRetryDurationMs: 0,
};
/** Real-time slack for the dispatch-rate and spacing checks (loopback latency, a loaded host). */
const JITTER_MS = 60;

const handlerOf = (ctx: ScenarioContext) => ctx.state.handler as TasksHandler;
const unitId = (unit: string) => createHash('sha256').update(unit).digest('hex').slice(0, 24);

export default defineScenario({
  name: 'tasks-fanout',
  description:
    'one Cloud Task per unit to a flaky, slow handler: named tasks dedupe, rate limits and retries hold',
  defaults: { files: 40 },
  mutations: { 'unnamed-tasks': 'tasks without names: a re-enqueued unit is dispatched twice' },
  async run(ctx) {
    const config = resolveConfig({ env: ctx.env, services: ['tasks'] });
    const client = createTasksClient(config);
    ctx.onTeardown(() => client.close());
    const handler = await startTasksHandler(ctx.random, { failRate: 0.25, slowRate: 0.2, slowMs: 150 });
    ctx.onTeardown(() => handler.close());
    ctx.state.handler = handler;
    const queue = `projects/${config.project}/locations/us-central1/queues/${ctx.prefix}-fanout`.replace(
      /[^A-Za-z0-9/-]/g,
      '-',
    );
    const [created] = await client.createQueue({
      parent: queue.slice(0, queue.lastIndexOf('/queues/')),
      queue: {
        name: queue,
        rateLimits: { maxDispatchesPerSecond: RATE, maxConcurrentDispatches: CONCURRENT },
        retryConfig: {
          maxAttempts: RETRY.maxAttempts,
          minBackoff: { nanos: RETRY.minBackoffMs * 1e6 },
          maxBackoff: { seconds: RETRY.maxBackoffMs / 1000 },
          maxDoublings: RETRY.maxDoublings,
        },
      },
    });
    ctx.state.burst = created.rateLimits?.maxBurstSize;
    const units = Array.from({ length: ctx.options.files }, (_, i) => `unit-${i}`);
    const named = ctx.options.mutation !== 'unnamed-tasks';
    let deduped = 0;
    const enqueue = async (unit: string) => {
      try {
        await client.createTask({
          parent: queue,
          task: {
            ...(named ? { name: `${queue}/tasks/${unitId(unit)}` } : {}),
            httpRequest: {
              url: handler.url,
              headers: { 'Content-Type': 'application/json' },
              body: Buffer.from(JSON.stringify({ unit })),
            },
          },
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 6) throw err; // ALREADY_EXISTS: a duplicate held off
        deduped++;
      }
    };
    for (const unit of units) await enqueue(unit);
    // A worker that lost the replies for a quarter of its units enqueues them again.
    const again = units.filter(() => ctx.random() < 0.25);
    ctx.note(`re-enqueueing ${again.length} units`);
    for (const unit of again) await enqueue(unit);
    ctx.state.reenqueued = again.length;
    ctx.state.deduped = deduped;
    await ctx.waitFor(
      'every unit applied and the queue empty',
      async () =>
        units.every((u) => handler.effects.has(u)) &&
        (await client.listTasks({ parent: queue }))[0].length === 0,
      60_000,
    );
    await ctx.sleep(300); // a straggling duplicate would land here
    ctx.state.units = units;
    ctx.metrics.attempts = handler.attempts.length;
    ctx.metrics.failures = handler.attempts.filter((a) => a.status !== 200).length;
    ctx.metrics.reenqueued = again.length;
    ctx.metrics.deduped = deduped;
    ctx.metrics.maxConcurrent = handler.maxOpen();
  },
  invariants: [
    {
      name: "each unit's effect exactly once",
      check(ctx) {
        const units = (ctx.state.units as string[] | undefined) ?? [];
        const effects = handlerOf(ctx)?.effects ?? new Map();
        const wrong = units.filter((u) => effects.get(u) !== 1);
        return {
          passed: units.length > 0 && wrong.length === 0,
          detail: wrong.length
            ? `${wrong.length} units: ${wrong
                .slice(0, 5)
                .map((u) => `${u}×${effects.get(u) ?? 0}`)
                .join(', ')}`
            : `${units.length} units once each`,
        };
      },
    },
    {
      name: 'every re-enqueue refused as ALREADY_EXISTS',
      check: (ctx) => ({
        passed: ctx.state.deduped === ctx.state.reenqueued,
        detail: `${ctx.state.deduped} of ${ctx.state.reenqueued} re-enqueues refused`,
      }),
    },
    {
      name: "dispatch rate and concurrency within the queue's limits",
      check(ctx) {
        const times = (handlerOf(ctx)?.attempts ?? []).map((a) => a.at).sort((a, b) => a - b);
        let worst = 0;
        for (let i = 0; i < times.length; i++) {
          const start = times[i] as number;
          worst = Math.max(worst, times.filter((t) => t >= start && t < start + 1_000 - JITTER_MS).length);
        }
        const concurrent = handlerOf(ctx)?.maxOpen() ?? 0;
        const bound = RATE + ((ctx.state.burst as number) ?? BURST);
        return {
          passed: times.length > 0 && worst <= bound && concurrent <= CONCURRENT,
          detail: `at most ${worst} dispatches in any second (bound ${bound} = rate + burst), ${concurrent} open at once (limit ${CONCURRENT})`,
        };
      },
    },
    {
      name: 'retries spaced per the retry config',
      check(ctx) {
        const byUnit = new Map<string, HandlerAttempt[]>();
        for (const a of handlerOf(ctx)?.attempts ?? [])
          byUnit.set(a.unit, [...(byUnit.get(a.unit) ?? []), a]);
        const bad: string[] = [];
        for (const [unit, list] of byUnit) {
          const chains = new Map<number, HandlerAttempt[]>();
          // Each dispatch of a task restarts at retry count 0 (an unnamed duplicate is a second chain).
          let chain = -1;
          for (const a of list) {
            if (a.retryCount === 0) chain++;
            chains.set(chain, [...(chains.get(chain) ?? []), a]);
          }
          for (const attempts of chains.values()) {
            for (let k = 1; k < attempts.length; k++) {
              const gap = (attempts[k] as HandlerAttempt).at - (attempts[k - 1] as HandlerAttempt).at;
              const want = retryDelay(RETRY, k);
              if ((attempts[k] as HandlerAttempt).retryCount !== k || gap < want - JITTER_MS)
                bad.push(`${unit}#${k}: ${gap} ms < ${want}`);
            }
          }
        }
        const retries = (handlerOf(ctx)?.attempts ?? []).filter((a) => a.retryCount > 0).length;
        return {
          passed: retries > 0 && bad.length === 0,
          detail: bad.length ? bad.slice(0, 5).join('; ') : `${retries} retries, each after its backoff`,
        };
      },
    },
  ],
});
