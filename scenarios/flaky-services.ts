// Flaky services: the emulators themselves misbehave, through their fault injectors (the same
// rules `POST /_devkit/faults` takes). Pub/Sub duplicates and delays deliveries, drops acks, cuts streams and
// fails some publishes; Storage answers 503 to some output uploads and is slow on some downloads.
// The official clients retry what is retryable and the claim flow absorbs the rest: each effect
// once. Rule ids carry the seed, so the same --seed makes the same decisions.
import type { FaultRuleInput } from '../emulators/faults/index.ts';
import { defineScenario, type ScenarioContext } from '../src/scenario/index.ts';
import { exactlyOnceInvariants, pipelineOf, workersDrainedCleanly } from './lib/invariants.ts';
import { finish, type Pipeline, setUpPipeline, uploadWorkFiles, waitForCompletions } from './lib/pipeline.ts';

/** The faults, bounded by `count` so redeliveries never reach the dead-letter threshold. */
function faultRules(ctx: ScenarioContext, p: Pipeline): FaultRuleInput[] {
  const id = (name: string) => `flaky-${ctx.options.seed}-${name}`;
  const { workerSubscription, complete, processedBucket, workBucket } = p.names;
  return [
    {
      id: id('duplicate'),
      service: 'pubsub',
      kind: 'duplicate',
      method: 'deliver',
      target: workerSubscription,
      rate: 0.3,
      count: 25,
    },
    {
      id: id('late-delivery'),
      service: 'pubsub',
      kind: 'delay',
      method: 'deliver',
      target: workerSubscription,
      rate: 0.25,
      count: 5,
      delayMs: 400,
    },
    {
      id: id('drop-ack'),
      service: 'pubsub',
      kind: 'drop-ack',
      method: 'Acknowledge',
      target: workerSubscription,
      rate: 0.2,
      count: 4,
    },
    {
      id: id('disconnect'),
      service: 'pubsub',
      kind: 'disconnect',
      method: 'StreamingPull',
      target: workerSubscription,
      after: 4,
      rate: 1,
      count: 2,
    },
    {
      id: id('publish-error'),
      service: 'pubsub',
      kind: 'error',
      method: 'Publish',
      target: complete,
      rate: 0.25,
      count: 5,
      status: 'UNAVAILABLE',
    },
    {
      id: id('upload-503'),
      service: 'storage',
      kind: 'error',
      method: 'objects.insert',
      target: `${processedBucket}/`,
      rate: 0.25,
      count: 5,
      status: 503,
    },
    {
      id: id('slow-download'),
      service: 'storage',
      kind: 'delay',
      method: 'objects.get',
      target: `${workBucket}/`,
      rate: 0.2,
      count: 15,
      delayMs: 300,
    },
  ];
}

/**
 * Hits per rule, as the emulators counted them; the injected faults they logged go on the
 * timeline's `faults` lane at the moment they happened.
 */
async function collectFaults(ctx: ScenarioContext): Promise<Map<string, number>> {
  const hits = new Map<string, number>();
  for (const service of ['pubsub', 'storage'] as const) {
    const report = await ctx.faultReport(service);
    for (const rule of report.rules) hits.set(rule.id, rule.hits);
    for (const e of report.events) {
      ctx.timeline.recordAt(e.at, 'faults', 'fault', {
        detail: `${e.kind} ${e.method} ${e.target ?? ''}`.trim(),
      });
    }
  }
  return hits;
}

export default defineScenario({
  name: 'flaky-services',
  description:
    'emulator faults: duplicate/late deliveries, dropped acks, stream cuts, publish errors, storage 503s',
  defaults: { files: 60, workers: 3 },
  async run(ctx) {
    const pipeline = await setUpPipeline(ctx, { leaseMs: 3000 });
    const rules = faultRules(ctx, pipeline);
    await ctx.armFaults(
      'pubsub',
      rules.filter((r) => r.service === 'pubsub'),
    );
    await ctx.armFaults(
      'storage',
      rules.filter((r) => r.service === 'storage'),
    );
    ctx.state.faultIds = rules.map((r) => r.id);
    pipeline.workers.start(ctx.options.workers);
    await uploadWorkFiles(ctx, pipeline, ctx.options.files);
    await waitForCompletions(ctx, pipeline, ctx.options.files, 60_000);
    ctx.state.faultHits = Object.fromEntries(await collectFaults(ctx));
    for (const [rule, n] of Object.entries(ctx.state.faultHits as Record<string, number>)) {
      ctx.metrics[`faults.${rule.replace(`flaky-${ctx.options.seed}-`, '')}`] = n;
    }
    await finish(ctx, pipeline);
  },
  invariants: [
    ...exactlyOnceInvariants(),
    {
      name: 'every kind of fault was injected',
      check(ctx) {
        const ids = (ctx.state.faultIds as string[] | undefined) ?? [];
        const hits = (ctx.state.faultHits as Record<string, number> | undefined) ?? {};
        const missed = ids.filter((id) => !(hits[id]! > 0));
        return {
          passed: ids.length > 0 && missed.length === 0,
          detail: ids.map((id) => `${id.replace(/^flaky-\d+-/, '')}:${hits[id] ?? 0}`).join(' '),
        };
      },
    },
    {
      name: 'no unit dead-lettered',
      check(ctx) {
        const { deadLettered } = pipelineOf(ctx).auditor.counts();
        return { passed: deadLettered === 0, detail: `${deadLettered} dead-lettered` };
      },
    },
    workersDrainedCleanly,
  ],
});
