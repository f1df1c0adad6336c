// `npm run scenario`: three of our workers share the subscription, one is SIGKILLed mid-unit; its
// leases expire, another worker finishes its units, and every output is written exactly once.
import { fileURLToPath } from 'node:url';
import {
  crashOneMidUnit,
  defineScenario,
  exactlyOnceInvariants,
  finish,
  setUpPipeline,
  uploadWorkFiles,
  waitForCompletions,
  workersDrainedCleanly,
} from 'gcp-devkit/scenario';

const worker = {
  script: fileURLToPath(new URL('../src/worker.ts', import.meta.url)),
  // A short lease so a crashed worker's units come back quickly; a little work time per unit.
  env: { WORKER_LEASE_MS: '2000', HANDLER_DELAY_MS: '150' },
};

export default defineScenario({
  name: 'crash',
  description: 'our worker: one of three SIGKILLed mid-unit; nothing lost, each output once',
  defaults: { files: 30, workers: 3 },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx, {
      worker,
      checkOutput: (content) => content === content.toUpperCase() && content.startsWith('UNIT'),
    });
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    const { victim, orphaned } = await crashOneMidUnit(ctx, pipeline, 1 / 3);
    ctx.note(`${victim} crashed holding ${orphaned.length} units`);
    await waitForCompletions(ctx, pipeline, ctx.options.files, 45_000).catch((err: Error) =>
      ctx.note(err.message),
    );
    await finish(ctx, pipeline);
  },
  invariants: [...exactlyOnceInvariants(), workersDrainedCleanly],
});
