// Fan-out: two subscriptions on the same `available` topic, each with its own worker group,
// output bucket and claim namespace. Each subscription gets every message; each group splits its
// share among its workers and does every unit once.
import type { ScenarioContext } from '../src/scenario/index.ts';
import { defineScenario } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, type Pipeline, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

const group = (name: 'a' | 'b') => (ctx: ScenarioContext) => ctx.state[name] as Pipeline;

export default defineScenario({
  name: 'fan-out',
  description: 'two subscriptions on one topic: each gets every message, each split among its workers',
  defaults: { files: 40, workers: 2 },
  requires: {
    devkitStorage: 'two work buckets with a notification each (fake-gcs-server takes one, as start flags)',
  },
  async run(ctx) {
    const a = await setUpPipeline(ctx, { suffix: 'a', idPrefix: 'a' });
    // Group B subscribes to A's `available`: the same notifications, a second subscription.
    const b = await setUpPipeline(ctx, {
      suffix: 'b',
      idPrefix: 'b',
      names: { available: a.names.available },
    });
    ctx.state.a = a;
    ctx.state.b = b;
    a.workers.start(ctx.options.workers);
    b.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, a, ctx.options.files);
    b.files.push(...a.files);
    b.units.push(...a.units);
    await Promise.all([
      waitForCompletions(ctx, a, ctx.options.files),
      waitForCompletions(ctx, b, ctx.options.files),
    ]);
    await Promise.all([finish(ctx, a), finish(ctx, b)]);
    ctx.metrics.completedA = a.auditor.counts().completed;
    ctx.metrics.completedB = b.auditor.counts().completed;
  },
  invariants: [
    ...exactlyOnceInvariants(group('a')).map((i) => ({ ...i, name: `group a: ${i.name}` })),
    ...exactlyOnceInvariants(group('b')).map((i) => ({ ...i, name: `group b: ${i.name}` })),
    {
      name: 'each group split its share among its workers',
      check(ctx) {
        const split = (p: Pipeline) => p.workers.ids().map((id) => ctx.timeline.count('complete', id));
        const a = split(group('a')(ctx));
        const b = split(group('b')(ctx));
        const spread = (counts: number[]) => counts.length < 2 || counts.filter((n) => n > 0).length >= 2;
        return { passed: spread(a) && spread(b), detail: `a: ${a.join('/')}  b: ${b.join('/')}` };
      },
    },
    workersDrainedCleanly,
  ],
});
