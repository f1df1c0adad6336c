// Worker crash mid-unit: one worker is SIGKILLed while it holds claims. Its leases expire, the
// messages come back, another worker finishes them — nothing lost, nothing done twice.
import { defineScenario } from '../src/scenario/index.ts';
import { crashOneMidUnit } from './lib/crash.ts';
import { exactlyOnceInvariants, pipelineOf, workersDrainedCleanly } from './lib/invariants.ts';
import { startNaiveWorkers } from './lib/naive.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

export default defineScenario({
  name: 'worker-crash',
  description: 'a worker SIGKILLed mid-unit; its lease expires and another worker finishes',
  defaults: { files: 60, workers: 3 },
  mutations: { 'ack-first': 'naive workers that ack before working: a crash loses their units' },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx, { leaseMs: 2000, workerArgs: ['--delay-ms', '150'] });
    if (ctx.options.mutation === 'ack-first') startNaiveWorkers(ctx, pipeline, ctx.options.workers, 150);
    else pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    // Crash a third of the way through, choosing (seeded) among the workers holding work then.
    const { victim, orphaned } = await crashOneMidUnit(ctx, pipeline, 1 / 3);
    ctx.state.victim = victim;
    ctx.state.orphaned = orphaned;
    // Lost units never complete: with the flaw switched on, don't wait long for them.
    const patience = ctx.options.mutation ? 15_000 : 45_000;
    await waitForCompletions(ctx, pipeline, ctx.options.files, patience).catch((err: Error) =>
      ctx.note(err.message),
    );
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'crashed units finished by another worker',
      check(ctx) {
        const victim = ctx.state.victim as string;
        const orphaned = (ctx.state.orphaned as string[] | undefined) ?? [];
        const finishedElsewhere = orphaned.filter((unit) =>
          ctx.timeline.events.some((e) => e.type === 'complete' && e.unit === unit && e.lane !== victim),
        );
        return {
          passed: orphaned.length > 0 && finishedElsewhere.length === orphaned.length,
          detail: `${victim} crashed holding ${orphaned.length} units; ${finishedElsewhere.length} finished by others`,
        };
      },
    },
    {
      name: 'surviving workers drained',
      check: (ctx) =>
        pipelineOf(ctx).workers.ids().length > 1
          ? workersDrainedCleanly.check(ctx)
          : { passed: true, detail: 'single worker' },
    },
  ],
});
