// Single deliveries in flight: each runs its target under the attempt deadline (a clock timer,
// so `advance` can expire it), and the set can be waited on or aborted as a whole.
import { type Clock, settleInFlight } from '../../common/index.ts';
import type { AttemptStatus, Job } from '../state/job-model.ts';

export interface AttemptContext {
  /** The scheduled time this execution belongs to (X-CloudScheduler-ScheduleTime). */
  scheduleTime: number;
  /** Aborted when the attempt deadline passes or the emulator stops. */
  signal: AbortSignal;
}

export type Executor = (job: Job, ctx: AttemptContext) => Promise<AttemptStatus>;

const DEADLINE_EXCEEDED: AttemptStatus = { code: 4, message: 'Attempt deadline exceeded' };

export class Attempts {
  readonly #inFlight = new Map<AbortController, { deadlineAt?: number; done: Promise<void> }>();

  constructor(
    private readonly clock: Clock,
    private readonly execute: Executor,
  ) {}

  /** Starts one delivery; `onDone` gets the target's status, DEADLINE_EXCEEDED, or INTERNAL. */
  start(job: Job, scheduleTime: number, onDone: (status: AttemptStatus) => void): void {
    const controller = new AbortController();
    const deadline = new Promise<AttemptStatus>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(DEADLINE_EXCEEDED), { once: true });
    });
    // Pub/Sub targets ignore attempt_deadline, as in Cloud Scheduler.
    const deadlineAt =
      job.attemptDeadlineMs && !job.pubsubTarget ? this.clock.now() + job.attemptDeadlineMs : undefined;
    const cancelDeadline =
      deadlineAt === undefined ? () => {} : this.clock.setTimer(deadlineAt, () => controller.abort());
    const attempt = this.execute(job, { scheduleTime, signal: controller.signal }).catch(
      (err: unknown): AttemptStatus => ({ code: 13, message: String((err as Error)?.message ?? err) }),
    );
    const done = Promise.race([attempt, deadline]).then((status) => {
      cancelDeadline();
      this.#inFlight.delete(controller);
      onDone(status);
    });
    this.#inFlight.set(controller, { deadlineAt, done });
  }

  /** The earliest attempt deadline still pending. */
  nextDeadline(): number | undefined {
    let first: number | undefined;
    for (const f of this.#inFlight.values()) {
      if (f.deadlineAt !== undefined && (first === undefined || f.deadlineAt < first)) first = f.deadlineAt;
    }
    return first;
  }

  /**
   * Waits (in real time, at most `maxWaitMs`) for attempts in flight to finish, so a moved clock
   * sees their results before the next timer fires. A hung target is left to its deadline.
   */
  settle(maxWaitMs = 1_000): Promise<void> {
    return settleInFlight(() => [...this.#inFlight.values()].map((f) => f.done), maxWaitMs);
  }

  abortAll(): void {
    for (const c of this.#inFlight.keys()) c.abort();
  }
}
