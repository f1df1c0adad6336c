// `devkit status [--json]`: one look at the target — backlog per subscription (measured without
// consuming, see ../backlog.ts), objects and notifications per bucket, next run of each job, and
// the Cloud Tasks queues with their limits and waiting tasks.
import type { Command } from 'commander';
import { createPubSub, createSchedulerClient, createStorage, schedulerParent } from '../../clients/index.ts';
import { type DevkitConfig, resolveConfig, type Service } from '../../config/index.ts';
import { PROBE_PREFIX, quietLocal } from '../../topology/index.ts';
import { measureBacklog } from '../backlog.ts';
import { monitoredBacklogs } from '../backlog-monitoring.ts';
import { bold, cell, handled, printJson, renderTable } from '../output.ts';
import { type JobRow, listJobRows } from './scheduler-jobs.ts';
import { queueRows, queueTableHeader, queueTableRow } from './tasks-rows.ts';

const SERVICE_VARIABLE: Record<Service, string> = {
  pubsub: 'PUBSUB_EMULATOR_HOST',
  storage: 'STORAGE_EMULATOR_HOST',
  scheduler: 'CLOUD_SCHEDULER_EMULATOR_HOST',
  tasks: 'CLOUD_TASKS_EMULATOR_HOST',
};

interface SubscriptionRow {
  name: string;
  topic: string;
  type: 'pull' | 'push';
  /** Unacked messages; null when it could not be measured. */
  backlog: number | null;
  backlogCapped: boolean;
}
interface BucketRow {
  name: string;
  objects: number;
  notifications: number;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('backlog per subscription, objects per bucket and next job runs of the target')
    .option('--project <id>', 'project (default $GOOGLE_CLOUD_PROJECT)')
    .option('--json', 'print JSON')
    .action(
      handled(async (flags: { project?: string; json?: boolean }) => {
        // Locally, show whichever emulators are configured; on GCP, everything.
        const local = (process.env.DEVKIT_TARGET ?? 'local') !== 'gcp';
        const services = (Object.keys(SERVICE_VARIABLE) as Service[]).filter(
          (s) => !local || process.env[SERVICE_VARIABLE[s]],
        );
        const config = resolveConfig({
          services: services.length > 0 ? services : undefined,
          overrides: flags.project ? { project: flags.project } : undefined,
        });
        const report = {
          project: config.project,
          target: config.target,
          subscriptions: services.includes('pubsub') ? await subscriptionRows(config) : [],
          buckets: services.includes('storage') ? await bucketRows(config) : [],
          jobs: services.includes('scheduler') ? await jobRows(config) : [],
          queues: services.includes('tasks') ? await queueRows(config) : [],
        };
        if (flags.json) return printJson(report);
        const out: string[] = [`${bold('Project')} ${config.project} (${config.target})\n`];
        out.push(
          renderTable(
            ['SUBSCRIPTION', 'TOPIC', 'TYPE', 'BACKLOG'],
            report.subscriptions.map((s) => [
              s.name,
              s.topic,
              s.type,
              s.backlog === null ? '?' : s.backlogCapped ? `≥${s.backlog}` : s.backlog,
            ]),
          ),
          renderTable(
            ['BUCKET', 'OBJECTS', 'NOTIFICATIONS'],
            report.buckets.map((b) => [b.name, b.objects, b.notifications]),
          ),
          renderTable(
            ['JOB', 'SCHEDULE', 'STATE', 'NEXT RUN', 'LAST ATTEMPT', 'TARGET'],
            report.jobs.map((j) => [
              j.name,
              j.schedule,
              j.state,
              j.nextRun,
              j.lastAttempt,
              cell(j.target, 40),
            ]),
          ),
          renderTable(queueTableHeader, report.queues.map(queueTableRow)),
        );
        process.stdout.write(out.join('\n'));
      }),
    );
}

async function subscriptionRows(config: DevkitConfig): Promise<SubscriptionRow[]> {
  const pubsub = createPubSub(config, quietLocal(config));
  try {
    const [subscriptions] = await pubsub.getSubscriptions();
    const mine = subscriptions.filter((s) => !s.name.split('/').pop()!.startsWith(PROBE_PREFIX));
    // On GCP the backlog is Monitoring's number; without access to it, show '?' rather than fail.
    const monitored =
      config.target === 'gcp'
        ? await monitoredBacklogs(pubsub, config.project).catch((err: Error) => {
            process.stderr.write(`devkit: backlog unavailable from Cloud Monitoring: ${err.message}\n`);
            return new Map<string, number>();
          })
        : undefined;
    const rows: SubscriptionRow[] = [];
    for (const sub of mine) {
      const name = sub.name.split('/').pop()!;
      const topic = String(sub.metadata?.topic ?? '');
      const measured = monitored
        ? { count: monitored.get(name) ?? null, capped: false }
        : topic.startsWith('projects/')
          ? await measureBacklog(pubsub, name)
          : { count: null, capped: false }; // detached: its topic was deleted
      rows.push({
        name,
        topic: topic.split('/').pop() ?? topic,
        type: sub.metadata?.pushConfig?.pushEndpoint ? 'push' : 'pull',
        backlog: measured.count,
        backlogCapped: measured.capped,
      });
    }
    return rows;
  } finally {
    await pubsub.close();
  }
}

async function bucketRows(config: DevkitConfig): Promise<BucketRow[]> {
  const storage = createStorage(config);
  const [buckets] = await storage.getBuckets();
  return Promise.all(
    buckets.map(async (bucket) => {
      const [[files], [notifications]] = await Promise.all([bucket.getFiles(), bucket.getNotifications()]);
      return { name: bucket.name, objects: files.length, notifications: notifications.length };
    }),
  );
}

async function jobRows(config: DevkitConfig): Promise<JobRow[]> {
  const client = createSchedulerClient(config);
  try {
    return await listJobRows(client, schedulerParent(config));
  } finally {
    await client.close();
  }
}
