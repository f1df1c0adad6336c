// The one runner on the shared clock: per queue it dispatches due tasks while the token bucket
// has a token and fewer than max_concurrent_dispatches are in flight, arms one timer for the next
// due task or token, and applies the RetryConfig to every failed attempt.
import type { CancelTimer, Clock, Logger } from '../../common/index.ts';
import { shortId } from '../state/names.ts';
import type { QueueStore } from '../state/queue-store.ts';
import { type Bucket, fullBucket, nextTokenAt, take } from '../state/rate.ts';
import { DEFAULT_RETRY, nextAttemptAt } from '../state/retry.ts';
import type { AttemptRecord, Task } from '../state/task-model.ts';
import type { TaskStore } from '../state/task-store.ts';
import { Attempts, type DispatchResult } from './attempts.ts';

/** What the target sees of an attempt (the X-CloudTasks-* / X-AppEngine-* header values). */
export interface AttemptInfo {
  queueId: string;
  taskId: string;
  retryCount: number;
  executionCount: number;
  eta: number;
  previousResponse?: number;
  retryReason?: string;
}

export type Send = (task: Task, info: AttemptInfo, signal: AbortSignal) => Promise<DispatchResult>;

/** How a task left its queue, for listeners (scenarios, the bench, the dashboard). */
export type TaskOutcome = 'succeeded' | 'failed';

interface QueueRuntime {
  bucket?: Bucket;
  inFlight: number;
  timer?: CancelTimer;
  timerAt?: number;
}

export class Dispatcher {
  readonly #runtimes = new Map<string, QueueRuntime>();
  readonly #attempts: Attempts;
  #stopped = false;

  constructor(
    private readonly queues: QueueStore,
    private readonly tasks: TaskStore,
    private readonly clock: Clock,
    private readonly send: Send,
    private readonly logger: Logger,
    private readonly onChange: (outcome?: { task: Task; outcome: TaskOutcome }) => void = () => {},
  ) {
    this.#attempts = new Attempts(clock);
  }

  /** Looks at a queue again after anything changed (new task, resume, update, a finished attempt). */
  poke(queueName: string): void {
    if (this.#stopped) return;
    const queue = this.queues.find(queueName);
    const rt = this.#runtime(queueName);
    rt.timer?.();
    rt.timer = undefined;
    rt.timerAt = undefined;
    if (queue?.state !== 'RUNNING') return;
    const limits = queue.rateLimits;
    while (rt.inFlight < limits.maxConcurrentDispatches) {
      const task = this.tasks.peekDue(queueName);
      if (!task) return;
      const now = this.clock.now();
      if (task.scheduleTime > now) {
        this.#arm(queueName, rt, task.scheduleTime);
        return;
      }
      const held = rt.bucket ?? fullBucket(limits, now);
      const bucket = take(held, limits, now);
      if (!bucket) {
        this.#arm(queueName, rt, nextTokenAt(held, limits, now));
        return;
      }
      rt.bucket = bucket;
      this.#dispatch(queueName, rt, task, false);
    }
  }

  /** RunTask: dispatches now, whatever the queue's state, rate limits or the task's own attempt. */
  runNow(task: Task): void {
    const queueName = task.name.slice(0, task.name.lastIndexOf('/tasks/'));
    this.#dispatch(queueName, this.#runtime(queueName), task, true);
  }

  forget(queueName: string): void {
    this.#runtimes.get(queueName)?.timer?.();
    this.#runtimes.delete(queueName);
  }

  /** The earliest clock time any timer of the runner (due task, token, deadline) is waiting for. */
  nextTimerAt(): number | undefined {
    let first = this.#attempts.nextDeadline();
    for (const rt of this.#runtimes.values()) {
      if (rt.timerAt !== undefined && (first === undefined || rt.timerAt < first)) first = rt.timerAt;
    }
    return first;
  }

  inFlight(queueName: string): number {
    return this.#runtimes.get(queueName)?.inFlight ?? 0;
  }

  settle(maxWaitMs?: number): Promise<void> {
    return this.#attempts.settle(maxWaitMs);
  }

  stop(): void {
    this.#stopped = true;
    for (const rt of this.#runtimes.values()) rt.timer?.();
    this.#runtimes.clear();
    this.#attempts.abortAll();
  }

  #runtime(queueName: string): QueueRuntime {
    let rt = this.#runtimes.get(queueName);
    if (!rt) {
      rt = { inFlight: 0 };
      this.#runtimes.set(queueName, rt);
    }
    return rt;
  }

  #arm(queueName: string, rt: QueueRuntime, at: number): void {
    rt.timerAt = at;
    rt.timer = this.clock.setTimer(at, () => {
      if (rt.timerAt !== at) return;
      rt.timer = undefined;
      rt.timerAt = undefined;
      this.poke(queueName);
    });
  }

  #dispatch(queueName: string, rt: QueueRuntime, task: Task, forced: boolean): void {
    const now = this.clock.now();
    const info: AttemptInfo = {
      queueId: shortId(queueName),
      taskId: shortId(task.name),
      retryCount: task.dispatchCount,
      executionCount: task.run.executionCount,
      eta: task.scheduleTime,
      previousResponse: task.run.previousResponse,
      retryReason: task.run.retryReason,
    };
    const attempt: AttemptRecord = { scheduleTime: task.scheduleTime, dispatchTime: now };
    task.dispatchCount += 1;
    task.run.inFlight += 1;
    task.run.firstAttemptAt ??= now;
    task.firstAttempt ??= { dispatchTime: now };
    task.lastAttempt = attempt;
    rt.inFlight += 1;
    this.#attempts.start(
      task.dispatchDeadlineMs,
      (signal) => this.send(task, info, signal),
      (result) => this.#finish(queueName, task, attempt, result, forced),
    );
  }

  #finish(
    queueName: string,
    task: Task,
    attempt: AttemptRecord,
    result: DispatchResult,
    forced: boolean,
  ): void {
    if (this.#stopped) return;
    const rt = this.#runtime(queueName);
    rt.inFlight = Math.max(0, rt.inFlight - 1);
    task.run.inFlight = Math.max(0, task.run.inFlight - 1);
    const now = this.clock.now();
    const current = this.tasks.get(task.name) === task && task.lastAttempt === attempt;
    if (result.httpStatus !== undefined) {
      task.responseCount += 1;
      attempt.responseTime = now;
      if (result.httpStatus < 500) task.run.executionCount += 1;
      task.run.previousResponse = result.httpStatus;
    }
    attempt.responseStatus = { code: result.code, message: result.message };
    if (current) this.#settleTask(queueName, task, attempt, result, forced, now);
    this.poke(queueName);
    this.onChange();
  }

  #settleTask(
    queueName: string,
    task: Task,
    attempt: AttemptRecord,
    result: DispatchResult,
    forced: boolean,
    now: number,
  ): void {
    if (result.code === 0) {
      this.tasks.remove(task.name, now);
      this.onChange({ task, outcome: 'succeeded' });
      return;
    }
    task.run.retryReason = result.message;
    const policy = this.queues.find(queueName)?.retryConfig ?? DEFAULT_RETRY;
    // RunTask resets schedule_time to the time it was called plus the retry delay.
    const failedAt = forced ? (attempt.dispatchTime as number) : now;
    const at = nextAttemptAt(policy, {
      attempts: task.dispatchCount,
      firstAttemptAt: task.run.firstAttemptAt as number,
      failedAt,
    });
    if (at === undefined) {
      this.tasks.remove(task.name, now);
      this.logger.info('task failed permanently', { task: task.name, attempts: task.dispatchCount });
      this.onChange({ task, outcome: 'failed' });
      return;
    }
    task.scheduleTime = at;
    this.tasks.schedule(task);
  }
}
