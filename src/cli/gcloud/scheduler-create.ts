// `devkit scheduler jobs create|update pubsub|http|app-engine JOB` with gcloud's flags.
import type { Command } from 'commander';
import { apiJson } from './api-json.ts';
import { gcloudGroup, printResource } from './gcloud-command.ts';
import { run } from './run.ts';
import { withScheduler } from './scheduler-client.ts';
import { addJobFlags, type JobFlags, jobFromFlags, type TargetKind } from './scheduler-job-flags.ts';

const KINDS: Array<[TargetKind, string]> = [
  ['pubsub', 'a job that publishes to a Pub/Sub topic'],
  ['http', 'a job that calls an HTTP endpoint'],
  ['app-engine', 'a job that calls an App Engine app'],
];

export function registerCreateUpdate(jobs: Command): void {
  const create = gcloudGroup(jobs, 'create', 'create a job');
  const update = gcloudGroup(jobs, 'update', 'update a job');
  for (const [kind, text] of KINDS) {
    addJobFlags(create.command(`${kind} <job>`).description(`create ${text}`), kind, true).action(
      run(async (id: string, f: JobFlags) =>
        withScheduler(f.location, async (ctx) => {
          const { job } = jobFromFlags(kind, f, ctx.topicPath, true);
          const [created] = await ctx.client.createJob({
            parent: ctx.parent,
            job: { ...job, name: ctx.jobName(id) },
          });
          printResource(apiJson(created), {});
        }),
      ),
    );
    addJobFlags(update.command(`${kind} <job>`).description(`update ${text}`), kind, false).action(
      run(async (id: string, f: JobFlags) =>
        withScheduler(f.location, async (ctx) => {
          const { job, paths } = jobFromFlags(kind, f, ctx.topicPath, false);
          if (paths.length === 0) throw new Error('Must specify at least one field to update.');
          const [updated] = await ctx.client.updateJob({
            job: { ...job, name: ctx.jobName(id) },
            updateMask: { paths },
          });
          printResource(apiJson(updated), {});
        }),
      ),
    );
  }
}
