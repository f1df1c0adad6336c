// The naive ack-first recipe against the claim flow, side by side under the same crash: the
// scenario passes by proving the naive flow loses work where the claim flow loses none.
import { defineScenario } from '../src/scenario/index.ts';
import { crashOneMidUnit } from './lib/crash.ts';
import { startNaiveWorkers } from './lib/naive.ts';
import { finish, type Pipeline, setUpPipeline, uploadWorkFiles } from './lib/pipeline.ts';

/** Units never announced complete: their effect is missing or nobody downstream heard of it. */
function lostUnits(pipeline: Pipeline): number {
  return pipeline.units.length - pipeline.auditor.counts().completed;
}

export default defineScenario({
  name: 'naive-vs-claim',
  description:
    'ack-first + SET message_id NX vs the claim flow, both crashed mid-run: only the naive one loses work',
  defaults: { files: 40, workers: 2 },
  requires: {
    devkitStorage: 'two work buckets with a notification each (fake-gcs-server takes one, as start flags)',
  },
  async run(ctx) {
    const naive = await setUpPipeline(ctx, { suffix: 'naive' });
    const claim = await setUpPipeline(ctx, {
      suffix: 'claim',
      idPrefix: 'c',
      leaseMs: 2000,
      workerArgs: ['--delay-ms', '200'],
    });
    ctx.state.naive = naive;
    ctx.state.claim = claim;
    // 1.5 s of work per unit: a crash surely catches the naive worker holding acked units, even
    // when its log lines reach the timeline late on a loaded machine.
    startNaiveWorkers(ctx, naive, ctx.options.workers, 1500, 'n');
    claim.workers.start(ctx.options.workers);
    await Promise.all([
      uploadWorkFiles(ctx, naive, ctx.options.files),
      uploadWorkFiles(ctx, claim, ctx.options.files),
    ]);
    await Promise.all([crashOneMidUnit(ctx, naive, 0.25, 2), crashOneMidUnit(ctx, claim, 0.25)]);
    // The claim flow finishes everything; the naive flow never will. Wait for the claim side, then
    // give the naive side a few more seconds (its units take half a second each).
    await ctx.waitFor('claim flow done', () => claim.auditor.counts().completed >= ctx.options.files, 45_000);
    await ctx.sleep(3000);
    await Promise.all([finish(ctx, naive), finish(ctx, claim)]);
    ctx.metrics.lostNaive = lostUnits(naive);
    ctx.metrics.lostClaim = lostUnits(claim);
  },
  invariants: [
    {
      name: 'claim flow lost nothing',
      check: (ctx) => ({
        passed: ctx.metrics.lostClaim === 0,
        detail: `${ctx.metrics.lostClaim} of ${ctx.options.files} units never completed`,
      }),
    },
    {
      name: 'naive flow lost work under the same crash (the foil)',
      check: (ctx) => ({
        passed: (ctx.metrics.lostNaive ?? 0) > 0,
        detail: `${ctx.metrics.lostNaive} of ${ctx.options.files} units acked and never completed`,
      }),
    },
    {
      name: 'claim flow wrote each output once',
      async check(ctx) {
        const claim = ctx.state.claim as Pipeline;
        const [versions] = await ctx.storage.bucket(claim.names.processedBucket).getFiles({ versions: true });
        return {
          passed: versions.length === ctx.options.files,
          detail: `${versions.length} generations for ${ctx.options.files} units`,
        };
      },
    },
  ],
});
