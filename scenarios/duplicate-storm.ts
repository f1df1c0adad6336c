// Duplicate delivery storm: every notification arrives 2–3 times (as GCS notifications may), to
// different workers. Claims and done markers must suppress the copies: each effect exactly once.
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, pipelineOf, workersDrainedCleanly } from './lib/invariants.ts';
import { startNaiveWorkers } from './lib/naive.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';
import { republishNotifications } from './lib/workload.ts';

export default defineScenario({
  name: 'duplicate-storm',
  description: 'every notification delivered 2-3x to different workers; each effect exactly once',
  defaults: { files: 60, workers: 3 },
  mutations: { 'naive-workers': 'ack-first workers that dedupe by message id (the tutorial recipe)' },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx);
    if (ctx.options.mutation === 'naive-workers') startNaiveWorkers(ctx, pipeline, ctx.options.workers);
    else pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    const copies = await republishNotifications(ctx, pipeline, () => 1 + Math.floor(ctx.random() * 2));
    ctx.metrics.extraNotifications = copies;
    ctx.note(`${copies} duplicate notifications published`);
    await waitForCompletions(ctx, pipeline, ctx.options.files);
    // Let the copies drain: they are suppressed (done) or must not cause a second write.
    await ctx
      .waitFor(
        'duplicates drained',
        () => ctx.timeline.count('duplicate') + ctx.timeline.count('complete') >= ctx.options.files + copies,
        30_000,
      )
      .catch(() => ctx.note('not every copy was seen'));
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'duplicates suppressed',
      check(ctx) {
        const suppressed = ctx.timeline.count('duplicate');
        const extra = ctx.metrics.extraNotifications ?? 0;
        return {
          passed: extra > 0 && suppressed > 0,
          detail: `${suppressed} suppressed of ${extra} extra notifications`,
        };
      },
    },
    {
      name: 'copies reached different workers',
      check(ctx) {
        const byUnit = new Map<string, Set<string>>();
        for (const e of ctx.timeline.events) {
          if ((e.type === 'duplicate' || e.type === 'complete') && e.unit) {
            byUnit.set(e.unit, (byUnit.get(e.unit) ?? new Set()).add(e.lane));
          }
        }
        const spread = [...byUnit.values()].filter((s) => s.size > 1).length;
        const workers = pipelineOf(ctx).workers.ids().length;
        return { passed: workers < 2 || spread > 0, detail: `${spread} units seen by more than one worker` };
      },
    },
    workersDrainedCleanly,
  ],
});
