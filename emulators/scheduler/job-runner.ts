// Fires jobs on the injected clock: one timer per job for its next scheduled time, retries by the
// RetryConfig, attempt deadlines, and at most one outstanding execution (a late run waits).
import type { CancelTimer, Clock, Logger } from '../common/index.ts';
import { nextRetryAt } from './backoff.ts';
import { nextScheduleTime } from './cron.ts';
import type { AttemptStatus, Job } from './job-model.ts';
import type { JobStore } from './job-store.ts';

export interface AttemptContext {
  /** The scheduled time this execution belongs to (X-CloudScheduler-ScheduleTime). */
  scheduleTime: number;
  /** Aborted when the attempt deadline passes or the emulator stops. */
  signal: AbortSignal;
}

export type Executor = (job: Job, ctx: AttemptContext) => Promise<AttemptStatus>;

interface Execution {
  scheduledFor: number;
  firstAttemptAt: number;
  retriesMade: number;
}

interface Runtime {
  nextAt?: number;
  nextTimer?: CancelTimer;
  retryAt?: number;
  retryTimer?: CancelTimer;
  execution?: Execution;
  /** A scheduled time that came while an execution was outstanding: it runs when that ends. */
  lateFor?: number;
}

const DEADLINE_EXCEEDED: AttemptStatus = { code: 4, message: 'Attempt deadline exceeded' };

export class JobRunner {
  readonly #runtimes = new Map<string, Runtime>();
  readonly #inFlight = new Map<AbortController, { deadlineAt?: number; done: Promise<void> }>();

  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock,
    private readonly execute: Executor,
    private readonly logger: Logger,
  ) {}

  /** (Re)starts scheduling a job after create, update or resume; drops pending retries. */
  arm(name: string, after = this.clock.now()): void {
    const rt = this.#reset(name);
    this.#armNext(name, rt, after);
  }

  /** Stops scheduling a job (pause, delete); an attempt in flight still records its status. */
  disarm(name: string, forget = false): void {
    const rt = this.#reset(name);
    const job = this.store.find(name);
    if (job) delete job.scheduleTime;
    if (forget) this.#runtimes.delete(name);
    else rt.nextAt = undefined;
  }

  /** RunJob: dispatches now, even if an execution is outstanding (that one stops retrying). */
  runNow(name: string): void {
    const rt = this.#runtime(name);
    this.#cancelRetry(rt);
    this.#start(name, rt, this.clock.now());
  }

  stop(): void {
    for (const rt of this.#runtimes.values()) {
      rt.nextTimer?.();
      rt.retryTimer?.();
    }
    this.#runtimes.clear();
    for (const c of this.#inFlight.keys()) c.abort();
  }

  /** The earliest time any timer of the runner (schedule, retry, deadline) is due. */
  nextTimerAt(): number | undefined {
    const times: number[] = [];
    for (const rt of this.#runtimes.values()) {
      if (rt.nextTimer && rt.nextAt !== undefined) times.push(rt.nextAt);
      if (rt.retryTimer && rt.retryAt !== undefined) times.push(rt.retryAt);
    }
    for (const f of this.#inFlight.values()) if (f.deadlineAt !== undefined) times.push(f.deadlineAt);
    return times.length ? Math.min(...times) : undefined;
  }

  /**
   * Waits (in real time, at most `maxWaitMs`) for attempts in flight to finish, so a moved clock
   * sees their results before the next timer fires. A hung target is left to its deadline.
   */
  async settle(maxWaitMs = 1_000): Promise<void> {
    const until = Date.now() + maxWaitMs;
    while (this.#inFlight.size > 0 && Date.now() < until) {
      const pending = [...this.#inFlight.values()].map((f) => f.done);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, until - Date.now()));
      });
      await Promise.race([Promise.all(pending), timeout]);
      clearTimeout(timer);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  #runtime(name: string): Runtime {
    let rt = this.#runtimes.get(name);
    if (!rt) {
      rt = {};
      this.#runtimes.set(name, rt);
    }
    return rt;
  }

  #reset(name: string): Runtime {
    const rt = this.#runtime(name);
    rt.nextTimer?.();
    rt.nextTimer = undefined;
    this.#cancelRetry(rt);
    rt.execution = undefined;
    rt.lateFor = undefined;
    return rt;
  }

  #cancelRetry(rt: Runtime): void {
    rt.retryTimer?.();
    rt.retryTimer = undefined;
    rt.retryAt = undefined;
  }

  #armNext(name: string, rt: Runtime, after: number): void {
    const job = this.store.find(name);
    if (job?.state !== 'ENABLED') return;
    const at = nextScheduleTime(job.schedule, job.timeZone, after);
    rt.nextAt = at;
    this.#publishScheduleTime(job, rt);
    if (at === undefined) return;
    rt.nextTimer = this.clock.setTimer(at, () => this.#onScheduled(name, at));
  }

  #publishScheduleTime(job: Job, rt: Runtime): void {
    const at = rt.retryAt ?? rt.nextAt;
    if (at === undefined) delete job.scheduleTime;
    else job.scheduleTime = at;
  }

  #onScheduled(name: string, at: number): void {
    const rt = this.#runtimes.get(name);
    if (!rt) return;
    rt.nextTimer = undefined;
    if (rt.execution) {
      rt.lateFor ??= at;
      this.logger.info('scheduled run delayed: previous execution outstanding', { job: name });
    } else {
      this.#start(name, rt, at);
    }
    this.#armNext(name, rt, Math.max(at, this.clock.now()));
  }

  #start(name: string, rt: Runtime, scheduledFor: number): void {
    const execution = { scheduledFor, firstAttemptAt: this.clock.now(), retriesMade: 0 };
    rt.execution = execution;
    this.#attempt(name, rt, execution);
  }

  #attempt(name: string, rt: Runtime, execution: Execution): void {
    const job = this.store.find(name);
    if (!job) return;
    job.lastAttemptTime = this.clock.now();
    this.#publishScheduleTime(job, rt);
    const controller = new AbortController();
    const deadline = new Promise<AttemptStatus>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(DEADLINE_EXCEEDED), { once: true });
    });
    const deadlineAt =
      job.attemptDeadlineMs && !job.pubsubTarget ? this.clock.now() + job.attemptDeadlineMs : undefined;
    const cancelDeadline =
      deadlineAt === undefined ? () => {} : this.clock.setTimer(deadlineAt, () => controller.abort());
    const ctx = { scheduleTime: execution.scheduledFor, signal: controller.signal };
    const attempt = this.execute(job, ctx).catch(
      (err: unknown): AttemptStatus => ({ code: 13, message: String((err as Error)?.message ?? err) }),
    );
    const done = Promise.race([attempt, deadline]).then((status) => {
      cancelDeadline();
      this.#inFlight.delete(controller);
      this.#finish(name, execution, status);
    });
    this.#inFlight.set(controller, { deadlineAt, done });
  }

  #finish(name: string, execution: Execution, status: AttemptStatus): void {
    const job = this.store.find(name);
    if (!job) return;
    job.status = status;
    const rt = this.#runtimes.get(name);
    if (!rt || rt.execution !== execution) return;
    this.logger.debug('attempt finished', {
      job: name,
      code: status.code,
      retriesMade: execution.retriesMade,
    });
    const retryAt =
      status.code === 0
        ? undefined
        : nextRetryAt(job.retryConfig, {
            retriesMade: execution.retriesMade,
            firstAttemptAt: execution.firstAttemptAt,
            failedAt: this.clock.now(),
            nextScheduledAt: rt.nextAt,
          });
    if (retryAt === undefined) {
      this.#end(name, rt, job);
      return;
    }
    rt.retryAt = retryAt;
    this.#publishScheduleTime(job, rt);
    rt.retryTimer = this.clock.setTimer(retryAt, () => {
      this.#cancelRetry(rt);
      execution.retriesMade += 1;
      this.#attempt(name, rt, execution);
    });
  }

  #end(name: string, rt: Runtime, job: Job): void {
    rt.execution = undefined;
    this.#publishScheduleTime(job, rt);
    const late = rt.lateFor;
    rt.lateFor = undefined;
    if (late !== undefined && job.state === 'ENABLED') this.#start(name, rt, late);
  }
}
