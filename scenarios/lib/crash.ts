// Process faults on a pipeline's workers: crash (SIGKILL) one that is holding unfinished work.
import type { ScenarioContext } from '../../src/scenario/index.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * Units a worker holds right now: claimed and not yet ended by its own completion or release
 * (lease lost, unit failed). What a crash leaves behind, to be redelivered and finished elsewhere.
 */
export function unfinishedBy(ctx: ScenarioContext, lane: string): string[] {
  const held = new Set<string>();
  for (const e of ctx.timeline.events) {
    if (e.lane !== lane || !e.unit) continue;
    if (e.type === 'claim') held.add(e.unit);
    else if (e.type === 'complete' || e.type === 'release') held.delete(e.unit);
  }
  return [...held];
}

/**
 * Once `fraction` of the pipeline's units have been claimed, SIGKILLs a worker (seeded choice)
 * among those holding at least `minHeld` unfinished units at that moment. Returns the victim and
 * the units it held. Claims, not completions, measure the way through: ack-first workers take
 * every message at once and complete them all together, so completions jump from none to all.
 */
export async function crashOneMidUnit(
  ctx: ScenarioContext,
  pipeline: Pipeline,
  fraction: number,
  /** How many unfinished units the victim must hold (more = a less ambiguous moment under load). */
  minHeld = 1,
): Promise<{ victim: string; orphaned: string[] }> {
  const ids = new Set(pipeline.workers.ids());
  const claimed = () =>
    new Set(ctx.timeline.events.filter((e) => e.type === 'claim' && ids.has(e.lane)).map((e) => e.unit)).size;
  let holding: string[] = [];
  // One condition, polled together: a fast pipeline must not finish between two separate waits.
  await ctx.waitFor(`a worker mid-unit after ${Math.round(fraction * 100)}% claimed`, () => {
    if (claimed() < pipeline.units.length * fraction) return false;
    holding = [...ids].filter((id) => unfinishedBy(ctx, id).length >= minHeld);
    return holding.length > 0;
  });
  const victim = holding[Math.floor(ctx.random() * holding.length)]!;
  pipeline.workers.crash(victim);
  // Lines it wrote before dying may still be in the pipe (a completion read late under load):
  // what it left behind is known once the pipe is closed.
  await pipeline.workers.get(victim).closed;
  return { victim, orphaned: unfinishedBy(ctx, victim) };
}
