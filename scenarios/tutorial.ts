// The tutorial workflow: work files land in a bucket, its notification feeds `available`, and
// several workers share the `worker` subscription — the work is split and every unit done once.
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, pipelineOf, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

export default defineScenario({
  name: 'tutorial',
  description: 'tutorial workflow: 99 work files, 3 workers sharing one subscription',
  defaults: { files: 99, workers: 3 },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx);
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    await waitForCompletions(ctx, pipeline, ctx.options.files);
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'work split across workers',
      check(ctx) {
        const lanes = pipelineOf(ctx).workers.ids();
        const perWorker = lanes.map((id) => ctx.timeline.count('complete', id));
        return {
          passed: lanes.length < 2 || perWorker.filter((n) => n > 0).length >= 2,
          detail: lanes.map((id, i) => `${id}:${perWorker[i]}`).join(' '),
        };
      },
    },
    workersDrainedCleanly,
  ],
});
