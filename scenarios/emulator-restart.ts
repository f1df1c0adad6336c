// The Pub/Sub and Storage emulators are restarted mid-run on the same ports and `--data-dir`:
// topics, subscriptions, unacknowledged messages, buckets and objects survive; nothing is lost.
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

export default defineScenario({
  name: 'emulator-restart',
  description: 'Pub/Sub and Storage emulators restarted with their data dir mid-run; nothing lost',
  defaults: { files: 40, workers: 2 },
  requires: {
    devkitStorage: 'Storage restarted from its data dir (fake-gcs-server runs on its memory backend here)',
  },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx, { leaseMs: 2000, workerArgs: ['--delay-ms', '100'] });
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    await ctx.waitFor(
      'a quarter done',
      () => ctx.timeline.count('complete') >= ctx.options.files / 4,
      60_000,
    );
    for (const service of ['pubsub', 'storage'] as const) {
      ctx.timeline.record(service, 'outage', { detail: `${service} emulator stopped` });
      await ctx.stack.stopService(service);
      await ctx.sleep(500);
      await ctx.stack.startService(service);
      ctx.timeline.record(service, 'recovered', {
        detail: `${service} emulator restarted from its data dir`,
      });
    }
    ctx.state.restartedAt = ctx.timeline.elapsedMs;
    await waitForCompletions(ctx, pipeline, ctx.options.files);
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'work continued after the restarts',
      check(ctx) {
        const after = ctx.timeline.events.filter(
          (e) => e.type === 'complete' && e.t > (ctx.state.restartedAt as number),
        ).length;
        return { passed: after > 0, detail: `${after} units completed after the restarts` };
      },
    },
    workersDrainedCleanly,
  ],
});
