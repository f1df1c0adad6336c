// A poison unit (a notification for an object generation that no longer exists): the handler
// fails on every attempt, the subscription's dead-letter policy moves it to `dead`, the auditor
// reports it, and the healthy units are unaffected.
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, pipelineOf, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';
import { notificationAttributes } from './lib/workload.ts';

export default defineScenario({
  name: 'poison',
  description: 'a unit that always fails lands in the dead-letter topic; the auditor reports it',
  defaults: { files: 20, workers: 2 },
  mutations: { 'no-dead-letter': 'the worker subscription has no dead-letter policy' },
  timeoutMs: 90_000,
  async run(ctx) {
    const noDlq = ctx.options.mutation === 'no-dead-letter';
    const pipeline = await setUpPipeline(ctx, { maxDeliveryAttempts: 5, leaseMs: 2000 });
    if (noDlq) {
      await ctx.pubsub
        .subscription(pipeline.names.workerSubscription)
        .setMetadata({ deadLetterPolicy: null });
    }
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    const poison = `${pipeline.names.workBucket}/poison/vanished.txt#1700000000000000`;
    ctx.state.poison = poison;
    await ctx.pubsub
      .topic(pipeline.names.available)
      .publishMessage({ data: Buffer.from('{}'), attributes: notificationAttributes(poison) });
    ctx.note('poison notification published');
    await waitForCompletions(ctx, pipeline, ctx.options.files);
    await ctx
      .waitFor(
        'poison dead-lettered',
        () => pipeline.auditor.counts().deadLettered > 0,
        noDlq ? 15_000 : 40_000,
      )
      .catch((err: Error) => ctx.note(err.message));
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'poison unit in the dead-letter topic',
      check(ctx) {
        const reports = pipelineOf(ctx)
          .auditor.reports()
          .filter((r) => r.report === 'dead-lettered');
        const found = reports.some((r) => r.unitKey === ctx.state.poison);
        return {
          passed: found,
          detail: found
            ? `auditor reported ${ctx.state.poison} dead-lettered`
            : `${reports.length} dead-letter reports, none for the poison unit`,
        };
      },
    },
    {
      name: 'poison retried before dead-lettering',
      check(ctx) {
        const attempts = ctx.timeline.events.filter(
          (e) => e.type === 'release' && e.unit === ctx.state.poison,
        ).length;
        return { passed: attempts >= 2, detail: `${attempts} failed attempts` };
      },
    },
    workersDrainedCleanly,
  ],
});
