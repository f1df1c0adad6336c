// Moving the scheduler clock, bounded: at most MAX_ADVANCE_MS per call, the first
// MAX_FIRINGS_PER_ADVANCE timers fired one by one in time order, the rest of the jump coalesced
// (each job due again runs once at the end), so a call answers within seconds whatever it spans.
import { type Clock, failedPrecondition, invalidArgument } from '../../common/index.ts';
import { isAdvanceable } from './offset-clock.ts';

/** The longest jump one call may make: 366 days (a year, leap day and both DST changes included). */
export const MAX_ADVANCE_MS = 366 * 86_400_000;
/** Timer firings (scheduled runs, retries, attempt deadlines) one call replays one by one. */
export const MAX_FIRINGS_PER_ADVANCE = 1_000;
/** Real time one call spends, in total, waiting for deliveries in flight between timers. */
const SETTLE_BUDGET_MS = 5_000;

/** What the mover needs of the scheduler: its timers, its deliveries in flight, coalescing. */
export interface AdvanceTarget {
  nextTimerAt(): number | undefined;
  settle(maxWaitMs?: number): Promise<void>;
  coalesce(through: number): { jobs: string[]; finish(): void };
}

export interface AdvanceResult {
  /** The clock after the move (ms since the epoch). */
  now: number;
  /** Jobs whose runs past the firing budget were coalesced into one run at the end. */
  coalesced: string[];
}

/** Moves the clock; calls are served one at a time, in order. */
export class ClockMover {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: AdvanceTarget,
  ) {}

  /** Moves to `atMs` (never backwards); INVALID_ARGUMENT past MAX_ADVANCE_MS from now. */
  advanceTo(atMs: number): Promise<AdvanceResult> {
    const run = this.#queue.then(() => this.#move(atMs));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #move(atMs: number): Promise<AdvanceResult> {
    const clock = this.clock;
    if (!isAdvanceable(clock))
      throw failedPrecondition('this emulator runs on a clock that cannot be advanced');
    const target = Math.max(atMs, clock.now());
    if (target - clock.now() > MAX_ADVANCE_MS) {
      throw invalidArgument(
        `cannot advance the clock by ${Math.round((target - clock.now()) / 3_600_000)}h in one call: ` +
          `the maximum is ${MAX_ADVANCE_MS / 3_600_000}h (366 days); advance in steps`,
      );
    }
    const settleUntil = Date.now() + SETTLE_BUDGET_MS;
    const settle = () => this.scheduler.settle(Math.min(1_000, Math.max(0, settleUntil - Date.now())));
    let coalesced: string[] = [];
    for (let fired = 0; ; fired++) {
      await settle();
      const next = this.scheduler.nextTimerAt();
      if (next === undefined || next > target) break;
      if (fired >= MAX_FIRINGS_PER_ADVANCE) {
        const batch = this.scheduler.coalesce(target);
        coalesced = batch.jobs;
        // What is left due by then (retries, deadlines: at most a few per job) fires in order.
        await clock.advanceTo(target);
        batch.finish();
        break;
      }
      await clock.advanceTo(Math.max(next, clock.now()));
    }
    await clock.advanceTo(target);
    await settle();
    return { now: clock.now(), coalesced };
  }
}
