// Fires jobs on the injected clock: one timer per job for its next scheduled time, retries by the
// RetryConfig, attempt deadlines, and at most one outstanding execution (a late run waits).
import type { CancelTimer, Clock, Logger } from '../../common/index.ts';
import { nextRetryAt, retryDelay } from '../state/backoff.ts';
import { nextScheduleTime } from '../state/cron.ts';
import type { AttemptStatus, Job } from '../state/job-model.ts';
import type { JobStore } from '../state/job-store.ts';
import { Attempts, type Executor } from './attempts.ts';

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

export class JobRunner {
  readonly #runtimes = new Map<string, Runtime>();
  readonly #attempts: Attempts;

  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock,
    execute: Executor,
    private readonly logger: Logger,
  ) {
    this.#attempts = new Attempts(clock, execute);
  }

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
    this.#attempts.abortAll();
  }

  /** The earliest time any timer of the runner (schedule, retry, deadline) is due. */
  nextTimerAt(): number | undefined {
    const times: number[] = [];
    for (const rt of this.#runtimes.values()) {
      if (rt.nextTimer && rt.nextAt !== undefined) times.push(rt.nextAt);
      if (rt.retryTimer && rt.retryAt !== undefined) times.push(rt.retryAt);
    }
    const deadline = this.#attempts.nextDeadline();
    if (deadline !== undefined) times.push(deadline);
    return times.length ? Math.min(...times) : undefined;
  }

  /**
   * Stops firing each job's scheduled runs one by one up to `through`: cancels every schedule timer
   * due by then and remembers the first missed time. `finish()`, called once the clock stands at
   * `through`, runs each such job once (later, if an execution is still outstanding) and arms its
   * next run after `through`: a job due many times while the clock jumped runs once.
   */
  coalesce(through: number): { jobs: string[]; finish(): void } {
    const missed = new Map<string, number>();
    for (const [name, rt] of this.#runtimes) {
      if (!rt.nextTimer || rt.nextAt === undefined || rt.nextAt > through) continue;
      rt.nextTimer();
      rt.nextTimer = undefined;
      missed.set(name, rt.nextAt);
    }
    const finish = () => {
      for (const [name, at] of missed) {
        const rt = this.#runtimes.get(name);
        // Re-armed, paused or deleted meanwhile: that change decides.
        if (rt && !rt.nextTimer && rt.nextAt === at) this.#onScheduled(name, at);
      }
    };
    return { jobs: [...missed.keys()], finish };
  }

  /** See Attempts.settle. */
  settle(maxWaitMs?: number): Promise<void> {
    return this.#attempts.settle(maxWaitMs);
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
    this.#attempts.start(job, execution.scheduledFor, (status) => this.#finish(job, execution, status));
  }

  #finish(job: Job, execution: Execution, status: AttemptStatus): void {
    const name = job.name;
    // A job deleted (and perhaps re-created under its name) meanwhile takes no old results.
    if (this.store.find(name) !== job) return;
    job.status = { code: status.code, message: status.message };
    const rt = this.#runtimes.get(name);
    if (!rt || rt.execution !== execution) return;
    this.logger.debug('attempt finished', {
      job: name,
      code: status.code,
      retriesMade: execution.retriesMade,
    });
    // App Engine's 503 is a system error: retried whatever the RetryConfig, and not counted.
    const uncounted = job.appEngineHttpTarget !== undefined && status.httpStatus === 503;
    const retryAt =
      status.code === 0
        ? undefined
        : uncounted
          ? this.#uncountedRetryAt(job, execution, rt)
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
      if (!uncounted) execution.retriesMade += 1;
      this.#attempt(name, rt, execution);
    });
  }

  #uncountedRetryAt(job: Job, execution: Execution, rt: Runtime): number | undefined {
    const at = this.clock.now() + retryDelay(job.retryConfig, execution.retriesMade + 1);
    return rt.nextAt !== undefined && at >= rt.nextAt ? undefined : at;
  }

  #end(name: string, rt: Runtime, job: Job): void {
    rt.execution = undefined;
    this.#publishScheduleTime(job, rt);
    const late = rt.lateFor;
    rt.lateFor = undefined;
    if (late !== undefined && job.state === 'ENABLED') this.#start(name, rt, late);
  }
}
