// A handler slower than the subscription's ack deadline: the heartbeat keeps extending both the
// Redis lease and the message's ack deadline, so no unit is redelivered or done twice.
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

const WORK_MS = 12_000; // the subscription's ack deadline is 10 s

export default defineScenario({
  name: 'slow-handler',
  description: `handler takes ${WORK_MS / 1000} s, past the 10 s ack deadline; lease and deadline are extended`,
  defaults: { files: 6, workers: 2 },
  timeoutMs: 60_000,
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx, {
      ackDeadlineSeconds: 10,
      leaseMs: 3000,
      workerArgs: ['--delay-ms', String(WORK_MS)],
    });
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    await waitForCompletions(ctx, pipeline, ctx.options.files, 45_000);
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'no redelivery while working',
      check(ctx) {
        const claims = ctx.timeline.count('claim');
        const files = ctx.options.files;
        const duplicates = ctx.timeline.count('duplicate');
        return {
          passed: claims === files && duplicates === 0,
          detail: `${claims} claims for ${files} units, ${duplicates} redeliveries seen`,
        };
      },
    },
    workersDrainedCleanly,
  ],
});
