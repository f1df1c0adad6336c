// `devkit scheduler jobs list|run|pause|resume`: gcloud-like job control over the official
// @google-cloud/scheduler client, against the Scheduler stand-in or Cloud Scheduler alike.
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import type { Command } from 'commander';
import { createSchedulerClient, schedulerParent } from '../../clients/index.ts';
import { cell, configFor, handled, parentCommand, printListing } from '../output.ts';

export interface JobRow {
  name: string;
  schedule: string;
  timeZone: string;
  state: string;
  target: string;
  nextRun: string;
  lastAttempt: string;
}

type Proto = { seconds?: unknown; nanos?: unknown } | null | undefined;
const time = (t: Proto) =>
  t?.seconds ? new Date(Number(t.seconds) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6)).toISOString() : '';
const short = (name: string) => name.split('/').pop() ?? name;

/** Every job under the configured location, as rows for a table or --json. */
export async function listJobRows(client: CloudSchedulerClient, parent: string): Promise<JobRow[]> {
  const [jobs] = await client.listJobs({ parent });
  return jobs.map((job) => ({
    name: short(String(job.name)),
    schedule: String(job.schedule ?? ''),
    timeZone: String(job.timeZone ?? ''),
    state: String(job.state ?? ''),
    target: job.pubsubTarget
      ? `pubsub:${short(String(job.pubsubTarget.topicName))}`
      : job.httpTarget
        ? `http:${job.httpTarget.uri}`
        : '',
    nextRun: time(job.scheduleTime as Proto),
    lastAttempt: time(job.lastAttemptTime as Proto),
  }));
}

async function withScheduler(
  use: (client: CloudSchedulerClient, parent: string) => Promise<void>,
): Promise<void> {
  const config = configFor(['scheduler']);
  const client = createSchedulerClient(config);
  try {
    await use(client, schedulerParent(config));
  } finally {
    await client.close();
  }
}

export function register(program: Command): void {
  const scheduler = parentCommand(program, 'scheduler', 'the Cloud Scheduler stand-in');
  const jobs = scheduler.command('jobs').description('list, run, pause and resume jobs');
  jobs
    .command('list')
    .option('--json', 'print JSON')
    .action(
      handled(async (flags: { json?: boolean }) =>
        withScheduler(async (client, parent) => {
          printListing(await listJobRows(client, parent), {
            json: flags.json,
            headers: ['ID', 'SCHEDULE', 'TIME ZONE', 'STATE', 'TARGET', 'NEXT RUN', 'LAST ATTEMPT'],
            row: (r) => [r.name, r.schedule, r.timeZone, r.state, cell(r.target), r.nextRun, r.lastAttempt],
            empty: 'Listed 0 items.',
          });
        }),
      ),
    );
  const verbs = [
    ['run', 'run a job now (a forced attempt, whatever its schedule)', 'runJob', 'Ran'],
    ['pause', 'pause a job: it does not fire until resumed', 'pauseJob', 'Paused'],
    ['resume', 'resume a paused job', 'resumeJob', 'Resumed'],
  ] as const;
  for (const [verb, description, method, done] of verbs) {
    jobs
      .command(`${verb} <job>`)
      .description(description)
      .action(
        handled(async (job: string) =>
          withScheduler(async (client, parent) => {
            const name = job.includes('/') ? job : `${parent}/jobs/${job}`;
            const [result] = await client[method]({ name });
            process.stdout.write(
              `${done} job [${result.name ?? name}] (state ${result.state ?? 'unknown'}).\n`,
            );
          }),
        ),
      );
  }
}
