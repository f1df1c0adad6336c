// Jobs on disk (`<dataDir>/jobs.json`, proto3 JSON as REST shows them) so a restarted emulator,
// e.g. in an outage scenario, keeps its jobs, their state and their last status. Each write
// replaces the file atomically (temp file, then rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobFromJson, jobToJson } from './http/json-codec.ts';
import type { Job, JobState } from './state/job-model.ts';

const FILE = 'jobs.json';

export interface StoredJob {
  /** The user-settable part, as JobInput, plus its name. */
  input: ReturnType<typeof jobFromJson>;
  state: JobState;
  userUpdateTime: number;
  status?: { code: number; message: string };
  lastAttemptTime?: number;
}

export function saveJobs(dir: string, jobs: Job[]): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ jobs: jobs.map(jobToJson) }, null, 1)}\n`);
  renameSync(tmp, file);
}

/** The jobs saved in `dir`; none when there is no file yet. */
export function loadJobs(dir: string): StoredJob[] {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const { jobs = [] } = JSON.parse(text) as { jobs?: Array<Record<string, unknown>> };
  return jobs.map((j) => {
    const status = j.status as { code?: number; message?: string } | undefined;
    return {
      input: jobFromJson(j),
      state: (j.state as JobState) ?? 'ENABLED',
      userUpdateTime: Date.parse(String(j.userUpdateTime)),
      ...(status ? { status: { code: status.code ?? 0, message: status.message ?? '' } } : {}),
      ...(j.lastAttemptTime ? { lastAttemptTime: Date.parse(String(j.lastAttemptTime)) } : {}),
    };
  });
}
