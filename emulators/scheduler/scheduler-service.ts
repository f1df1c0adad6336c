// The CloudScheduler API as plain methods over the store and the runner; the gRPC and REST
// adapters only translate wire shapes to these calls and DevkitErrors to statuses.
import type { Clock, Logger } from '../common/index.ts';
import type { Executor } from './attempts.ts';
import type { Job, JobInput } from './job-model.ts';
import { JobRunner } from './job-runner.ts';
import { JobStore } from './job-store.ts';

export class SchedulerService {
  readonly store: JobStore;
  readonly #runner: JobRunner;

  constructor(clock: Clock, execute: Executor, logger: Logger) {
    this.store = new JobStore(() => clock.now());
    this.#runner = new JobRunner(this.store, clock, execute, logger);
  }

  listJobs(parent: string, pageSize?: number, pageToken?: string) {
    return this.store.list(parent, pageSize, pageToken);
  }

  getJob(name: string): Job {
    return this.store.get(name);
  }

  createJob(parent: string, input: JobInput): Job {
    const job = this.store.create(parent, input);
    this.#runner.arm(job.name);
    return job;
  }

  updateJob(input: JobInput, mask?: string[]): Job {
    const job = this.store.update(input, mask);
    if (job.state === 'ENABLED') this.#runner.arm(job.name);
    return job;
  }

  deleteJob(name: string): void {
    this.store.delete(name);
    this.#runner.disarm(name, true);
  }

  pauseJob(name: string): Job {
    const job = this.store.pause(name);
    this.#runner.disarm(name);
    return job;
  }

  resumeJob(name: string): Job {
    const job = this.store.resume(name);
    this.#runner.arm(name);
    return job;
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

  settle(maxWaitMs?: number): Promise<void> {
    return this.#runner.settle(maxWaitMs);
  }

  stop(): void {
    this.#runner.stop();
  }
}
