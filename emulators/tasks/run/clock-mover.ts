// Moving the emulator clock: fires every due task, token refill and dispatch deadline in time
// order, waiting (real time, bounded) between timers for dispatches in flight, so a retry sees the
// previous attempt's result. Calls are served one at a time.
import { type Clock, failedPrecondition, invalidArgument } from '../../common/index.ts';

export interface AdvanceableClock extends Clock {
  advanceTo(atMs: number): Promise<void>;
}

export const isAdvanceable = (clock: Clock): clock is AdvanceableClock =>
  typeof (clock as Partial<AdvanceableClock>).advanceTo === 'function';

export const MAX_ADVANCE_MS = 366 * 86_400_000;
/** Timers replayed one by one per call; past that the rest of the jump fires without settling. */
export const MAX_FIRINGS_PER_ADVANCE = 50_000;

export interface AdvanceTarget {
  nextTimerAt(): number | undefined;
  settle(maxWaitMs?: number): Promise<void>;
}

export class ClockMover {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly target: AdvanceTarget,
  ) {}

  advanceTo(atMs: number): Promise<void> {
    const run = this.#queue.then(() => this.#move(atMs));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #move(atMs: number): Promise<void> {
    const clock = this.clock;
    if (!isAdvanceable(clock))
      throw failedPrecondition('this emulator runs on a clock that cannot be advanced');
    const to = Math.max(atMs, clock.now());
    if (to - clock.now() > MAX_ADVANCE_MS)
      throw invalidArgument('cannot advance the clock more than 366 days at once');
    for (let fired = 0; fired < MAX_FIRINGS_PER_ADVANCE; fired++) {
      await this.target.settle();
      const next = this.target.nextTimerAt();
      if (next === undefined || next > to) break;
      await clock.advanceTo(Math.max(next, clock.now()));
    }
    await clock.advanceTo(to);
    await this.target.settle();
  }
}
