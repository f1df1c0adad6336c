// Invariants shared by the pipeline scenarios. Each reads real state (the processed bucket's
// versions, Redis keys, the auditor, worker exit codes) and explains itself in `detail`.
import type { InvariantDefinition, ScenarioContext } from '../../src/scenario/index.ts';
import { outputName } from '../../src/workflow/index.ts';
import type { Pipeline } from './pipeline.ts';

export const pipelineOf = (ctx: ScenarioContext): Pipeline => {
  const pipeline = ctx.state.pipeline as Pipeline | undefined;
  if (!pipeline) throw new Error('the scenario did not set up its pipeline');
  return pipeline;
};

/** Every work file has its output, with the token replaced. */
export const everyFileProcessed = (select = pipelineOf): InvariantDefinition => ({
  name: 'every file processed',
  async check(ctx) {
    const p = select(ctx);
    const [files] = await ctx.storage.bucket(p.names.processedBucket).getFiles();
    const have = new Set(files.map((f) => f.name));
    const missing = p.files.filter((f) => !have.has(outputName(f)));
    const sample = files[0] ? (await files[0].download())[0].toString() : '';
    const replaced = !sample || p.checkOutput(sample);
    return {
      passed: missing.length === 0 && replaced && p.files.length > 0,
      detail: `${p.files.length - missing.length}/${p.files.length} outputs${missing.length ? `, missing e.g. ${missing[0]}` : ''}${replaced ? '' : ', output not as expected'}`,
    };
  },
});

/** The versioned processed bucket holds exactly one generation per output: each effect once. */
export const eachOutputWrittenOnce = (select = pipelineOf): InvariantDefinition => ({
  name: 'each output written exactly once',
  async check(ctx) {
    const p = select(ctx);
    const [versions] = await ctx.storage.bucket(p.names.processedBucket).getFiles({ versions: true });
    const perName = new Map<string, number>();
    for (const v of versions) perName.set(v.name, (perName.get(v.name) ?? 0) + 1);
    const doubled = [...perName].filter(([, n]) => n > 1);
    return {
      passed: doubled.length === 0 && versions.length > 0,
      detail: `${versions.length} generations for ${perName.size} outputs${doubled.length ? `; written twice: ${doubled[0]![0]}` : ''}`,
    };
  },
});

/** The auditor saw a `complete` announcement for every unit. */
export const everyUnitAnnouncedComplete = (select = pipelineOf): InvariantDefinition => ({
  name: 'every unit announced complete',
  check(ctx) {
    const p = select(ctx);
    const counts = p.auditor.counts();
    return {
      passed: counts.completed >= p.units.length && p.units.length > 0,
      detail: `${counts.completed}/${p.units.length} units complete, ${counts.duplicateCompletes} duplicate announcements`,
    };
  },
});

/** No `claim:` key left in Redis once the work is done. */
export const noClaimLeft = (select = pipelineOf): InvariantDefinition => ({
  name: 'no claim left behind',
  async check(ctx) {
    const p = select(ctx);
    const keys = await ctx.redis.keys(`${p.keyPrefix}:claim:*`);
    return {
      passed: keys.length === 0,
      detail: keys.length ? `${keys.length} claim keys, e.g. ${keys[0]}` : '0 claim keys',
    };
  },
});

/** Workers stopped with SIGTERM drained and exited 0 (crashed ones excluded). */
export const workersDrainedCleanly: InvariantDefinition = {
  name: 'workers drained with exit code 0',
  check(ctx) {
    const codes = (ctx.state.exitCodes ?? {}) as Record<string, number | null>;
    const crashed = new Set(ctx.timeline.events.filter((e) => e.type === 'crash').map((e) => e.lane));
    const bad = Object.entries(codes).filter(([id, code]) => !crashed.has(id) && code !== 0);
    return {
      passed: Object.keys(codes).length > 0 && bad.length === 0,
      detail: bad.length
        ? `exit codes ${bad.map(([id, c]) => `${id}=${c}`).join(', ')}`
        : `${Object.keys(codes).length - crashed.size} workers exited 0`,
    };
  },
};

/** The standard checks of the claim-and-process flow. */
export const exactlyOnceInvariants = (select = pipelineOf): InvariantDefinition[] => [
  everyFileProcessed(select),
  eachOutputWrittenOnce(select),
  everyUnitAnnouncedComplete(select),
  noClaimLeft(select),
];
