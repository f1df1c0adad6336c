// `devkit scheduler jobs create|update|describe|list|delete|pause|resume|run`: gcloud's Cloud
// Scheduler commands over the official @google-cloud/scheduler client (stand-in or Cloud Scheduler).
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import type { Command } from 'commander';
import { apiJson } from '../gcloud/api-json.ts';
import {
  type FormatFlags,
  formatOf,
  gcloudGroup,
  printResource,
  withFormat,
} from '../gcloud/gcloud-command.ts';
import { run } from '../gcloud/run.ts';
import { withScheduler } from '../gcloud/scheduler-client.ts';
import { registerCreateUpdate } from '../gcloud/scheduler-create.ts';
import { cell, parentCommand, printListing } from '../output.ts';

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

/** Every job under the configured location, as rows for a table (and `devkit status`). */
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
        : job.appEngineHttpTarget
          ? `app-engine:${job.appEngineHttpTarget.relativeUri}`
          : '',
    nextRun: time(job.scheduleTime as Proto),
    lastAttempt: time(job.lastAttemptTime as Proto),
  }));
}

export function register(program: Command): void {
  const scheduler = parentCommand(program, 'scheduler', 'the Cloud Scheduler stand-in');
  const jobs = gcloudGroup(scheduler, 'jobs', 'create, change, run and inspect jobs');
  registerCreateUpdate(jobs);
  withFormat(
    jobs
      .command('list')
      .description('list the jobs of a location')
      .option('--location <location>', 'location'),
  ).action(
    run(async (f: FormatFlags & { location?: string }) =>
      withScheduler(f.location, async ({ client, parent }) => {
        if (formatOf(f)) {
          const [list] = await client.listJobs({ parent });
          return printResource(
            list.map((j) => apiJson(j)),
            f,
          );
        }
        printListing(await listJobRows(client, parent), {
          headers: ['ID', 'SCHEDULE', 'TIME ZONE', 'STATE', 'TARGET', 'NEXT RUN', 'LAST ATTEMPT'],
          row: (r) => [r.name, r.schedule, r.timeZone, r.state, cell(r.target), r.nextRun, r.lastAttempt],
          empty: 'Listed 0 items.',
        });
      }),
    ),
  );
  withFormat(
    jobs.command('describe <job>').description('show one job').option('--location <location>', 'location'),
  ).action(
    run(async (id: string, f: FormatFlags & { location?: string }) =>
      withScheduler(f.location, async ({ client, jobName }) => {
        const [job] = await client.getJob({ name: jobName(id) });
        printResource(apiJson(job), f);
      }),
    ),
  );
  const verbs = [
    ['run', 'run a job now (a forced attempt, whatever its schedule)', 'runJob', 'Ran'],
    ['pause', 'pause a job: it does not fire until resumed', 'pauseJob', 'Paused'],
    ['resume', 'resume a paused job', 'resumeJob', 'Resumed'],
  ] as const;
  for (const [verb, description, method, done] of verbs)
    jobs
      .command(`${verb} <job>`)
      .description(description)
      .option('--location <location>', 'location')
      .action(
        run(async (id: string, f: { location?: string }) =>
          withScheduler(f.location, async ({ client, jobName }) => {
            const [result] = await client[method]({ name: jobName(id) });
            process.stdout.write(
              `${done} job [${result.name ?? jobName(id)}] (state ${result.state ?? 'unknown'}).\n`,
            );
          }),
        ),
      );
  jobs
    .command('delete <job>')
    .description('delete a job')
    .option('--location <location>', 'location')
    .action(
      run(async (id: string, f: { location?: string }) =>
        withScheduler(f.location, async ({ client, jobName }) => {
          await client.deleteJob({ name: jobName(id) });
          process.stdout.write(`Deleted job [${jobName(id)}].\n`);
        }),
      ),
    );
}
