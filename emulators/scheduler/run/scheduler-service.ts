// The CloudScheduler API as plain methods over the store and the runner; the gRPC and REST
// adapters only translate wire shapes to these calls and DevkitErrors to statuses. With a data
// directory every change is saved, and a restart picks the jobs up again.
import type { Clock, Logger } from '../../common/index.ts';
import { loadJobs, saveJobs } from '../persist.ts';
import type { Job, JobInput } from '../state/job-model.ts';
import { JobStore } from '../state/job-store.ts';
import { parentOf } from '../state/names.ts';
import type { Executor } from './attempts.ts';
import { JobRunner } from './job-runner.ts';

export class SchedulerService {
  readonly store: JobStore;
  readonly #runner: JobRunner;
  /** The emulator's clock (the stack clock), in epoch ms. */
  readonly now: () => number;

  constructor(
    clock: Clock,
    execute: Executor,
    logger: Logger,
    private readonly dataDir?: string,
  ) {
    this.now = () => clock.now();
    this.store = new JobStore(this.now);
    this.#runner = new JobRunner(this.store, clock, execute, logger);
  }

  /** Recreates the jobs saved in the data directory (state, times and last status included). */
  restore(): void {
    if (!this.dataDir) return;
    for (const saved of loadJobs(this.dataDir)) {
      const job = this.store.create(parentOf(saved.input.name ?? ''), saved.input);
      Object.assign(job, {
        state: saved.state,
        userUpdateTime: saved.userUpdateTime,
        status: saved.status,
        lastAttemptTime: saved.lastAttemptTime,
      });
      if (job.state === 'ENABLED') this.#runner.arm(job.name);
    }
  }

  listJobs(parent: string, pageSize?: number, pageToken?: string) {
    return this.store.list(parent, pageSize, pageToken);
  }

  /** Every job across projects and locations (GET /_devkit/scheduler/jobs). */
  allJobs(): Job[] {
    return this.store.all().sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  getJob(name: string): Job {
    return this.store.get(name);
  }

  createJob(parent: string, input: JobInput): Job {
    const job = this.store.create(parent, input);
    this.#runner.arm(job.name);
    return this.#saved(job);
  }

  updateJob(input: JobInput, mask?: string[]): Job {
    const job = this.store.update(input, mask);
    if (job.state === 'ENABLED') this.#runner.arm(job.name);
    return this.#saved(job);
  }

  deleteJob(name: string): void {
    this.store.delete(name);
    this.#runner.disarm(name, true);
    this.#saved(undefined);
  }

  pauseJob(name: string): Job {
    const job = this.store.pause(name);
    this.#runner.disarm(name);
    return this.#saved(job);
  }

  resumeJob(name: string): Job {
    const job = this.store.resume(name);
    this.#runner.arm(name);
    return this.#saved(job);
  }

  runJob(name: string): Job {
    const job = this.store.get(name);
    this.#runner.runNow(name);
    return job;
  }

  /** See JobRunner.nextTimerAt. */
  nextTimerAt(): number | undefined {
    return this.#runner.nextTimerAt();
  }

  /** See JobRunner.coalesce. */
  coalesce(through: number): { jobs: string[]; finish(): void } {
    return this.#runner.coalesce(through);
  }

  settle(maxWaitMs?: number): Promise<void> {
    return this.#runner.settle(maxWaitMs);
  }

  /** Stops firing; with a data directory, saves the last statuses too. */
  stop(): void {
    this.#runner.stop();
    this.#saved(undefined);
  }

  #saved<T>(value: T): T {
    if (this.dataDir) saveJobs(this.dataDir, this.store.all());
    return value;
  }
}
