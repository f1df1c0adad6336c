// Redis goes away for a few seconds mid-run (claims, leases and done markers with it, as a
// non-persistent Redis restart does). Workers pause and recover; no unit is lost or doubled.
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

const OUTAGE_MS = 3000;

export default defineScenario({
  name: 'redis-outage',
  description: `Redis stopped for ${OUTAGE_MS / 1000} s mid-run and restarted empty; no loss, no double`,
  defaults: { files: 60, workers: 3 },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx, { leaseMs: 2000, workerArgs: ['--delay-ms', '100'] });
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    await ctx.waitFor('a third done', () => ctx.timeline.count('complete') >= ctx.options.files / 3, 60_000);
    ctx.timeline.record('redis', 'outage', { detail: 'redis-server stopped' });
    await ctx.stack.stopService('redis');
    await ctx.sleep(OUTAGE_MS);
    await ctx.stack.startService('redis');
    ctx.timeline.record('redis', 'recovered', { detail: 'redis-server started (empty)' });
    ctx.state.outageEnded = ctx.timeline.elapsedMs;
    await waitForCompletions(ctx, pipeline, ctx.options.files);
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'work continued after the outage',
      check(ctx) {
        const after = ctx.timeline.events.filter(
          (e) => e.type === 'complete' && e.t > (ctx.state.outageEnded as number),
        ).length;
        return { passed: after > 0, detail: `${after} units completed after Redis came back` };
      },
    },
    workersDrainedCleanly,
  ],
});
