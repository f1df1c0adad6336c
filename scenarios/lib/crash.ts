// Process faults on a pipeline's workers: crash (SIGKILL) one that is holding unfinished work.
import type { ScenarioContext } from '../../src/scenario/index.ts';
import type { Pipeline } from './pipeline.ts';

/** Units a worker claimed and never completed (what a crash leaves behind). */
export function unfinishedBy(ctx: ScenarioContext, lane: string): string[] {
  const claimed = new Set(
    ctx.timeline.events.filter((e) => e.lane === lane && e.type === 'claim').map((e) => e.unit!),
  );
  for (const e of ctx.timeline.events) if (e.lane === lane && e.type === 'complete') claimed.delete(e.unit!);
  return [...claimed];
}

/**
 * Once `fraction` of the pipeline's units are complete, SIGKILLs a worker (seeded choice) among
 * those holding unfinished units at that moment. Returns the victim and the units it held.
 */
export async function crashOneMidUnit(
  ctx: ScenarioContext,
  pipeline: Pipeline,
  fraction: number,
  /** How many unfinished units the victim must hold (more = a less ambiguous moment under load). */
  minHeld = 1,
): Promise<{ victim: string; orphaned: string[] }> {
  const ids = pipeline.workers.ids();
  const done = () => ids.reduce((n, id) => n + ctx.timeline.count('complete', id), 0);
  let holding: string[] = [];
  // One condition, polled together: a fast pipeline must not finish between two separate waits.
  await ctx.waitFor(`a worker mid-unit after ${Math.round(fraction * 100)}% done`, () => {
    if (done() < pipeline.units.length * fraction) return false;
    holding = ids.filter((id) => unfinishedBy(ctx, id).length >= minHeld);
    return holding.length > 0;
  });
  const victim = holding[Math.floor(ctx.random() * holding.length)]!;
  const orphaned = unfinishedBy(ctx, victim);
  pipeline.workers.crash(victim);
  return { victim, orphaned };
}
