// The jobs of one emulator and the API-level rules on them: create/get/list/update/delete and the
// pause/resume state machine. No timers and no I/O: the runner drives executions separately.
import { randomBytes } from 'node:crypto';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../../common/index.ts';
import type { Job, JobInput } from './job-model.ts';
import { applyUpdate, normalizeSpec } from './job-spec.ts';
import { parentOf, parseJobName, parseParent } from './names.ts';

const MAX_PAGE = 500;

export class JobStore {
  readonly #jobs = new Map<string, Job>();

  constructor(private readonly now: () => number) {}

  create(parent: string, input: JobInput): Job {
    const { project } = parseParent(parent);
    const name = input.name || `${parent}/jobs/job-${randomBytes(6).toString('hex')}`;
    parseJobName(name);
    if (parentOf(name) !== parent) {
      throw invalidArgument(`Job name "${name}" must be under parent "${parent}"`);
    }
    const spec = normalizeSpec(input, project);
    if (this.#jobs.has(name)) throw alreadyExists(`Job ${name} already exists.`);
    const job: Job = { ...spec, name, state: 'ENABLED', userUpdateTime: this.now() };
    this.#jobs.set(name, job);
    return job;
  }

  find(name: string): Job | undefined {
    return this.#jobs.get(name);
  }

  get(name: string): Job {
    parseJobName(name);
    const job = this.#jobs.get(name);
    if (!job) throw notFound(`Job not found: ${name}`);
    return job;
  }

  /** Pages in name order; the token is the last name of the previous page. */
  list(parent: string, pageSize = 0, pageToken = ''): { jobs: Job[]; nextPageToken: string } {
    parseParent(parent);
    if (pageSize < 0) throw invalidArgument('page_size must not be negative');
    let after = '';
    if (pageToken) {
      after = Buffer.from(pageToken, 'base64url').toString('utf8');
      if (!after.startsWith(`${parent}/jobs/`)) throw invalidArgument('Invalid page_token');
    }
    const size = Math.min(pageSize || MAX_PAGE, MAX_PAGE);
    const all = [...this.#jobs.values()]
      .filter((j) => parentOf(j.name) === parent && j.name > after)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const jobs = all.slice(0, size);
    const last = jobs.at(-1);
    const nextPageToken = all.length > size && last ? Buffer.from(last.name).toString('base64url') : '';
    return { jobs, nextPageToken };
  }

  update(input: JobInput, mask: string[] | undefined): Job {
    if (!input.name) throw invalidArgument('Job.name is required for UpdateJob');
    const job = this.get(input.name);
    const { project } = parseJobName(job.name);
    const merged = applyUpdate(job, input, mask);
    const spec = normalizeSpec(merged, project);
    delete job.pubsubTarget;
    delete job.httpTarget;
    delete job.appEngineHttpTarget;
    delete job.attemptDeadlineMs;
    Object.assign(job, spec, { userUpdateTime: this.now() });
    return job;
  }

  delete(name: string): void {
    this.get(name);
    this.#jobs.delete(name);
  }

  pause(name: string): Job {
    const job = this.get(name);
    if (job.state !== 'ENABLED') {
      throw failedPrecondition(`Job ${name} is ${job.state}; only an ENABLED job can be paused`);
    }
    job.state = 'PAUSED';
    job.userUpdateTime = this.now();
    return job;
  }

  resume(name: string): Job {
    const job = this.get(name);
    if (job.state !== 'PAUSED') {
      throw failedPrecondition(`Job ${name} is ${job.state}; only a PAUSED job can be resumed`);
    }
    job.state = 'ENABLED';
    job.userUpdateTime = this.now();
    return job;
  }

  all(): Job[] {
    return [...this.#jobs.values()];
  }
}
