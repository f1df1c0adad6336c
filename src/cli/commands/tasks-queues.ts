// `devkit tasks queues create|update|describe|list|pause|resume|purge|delete`: gcloud's Cloud Tasks
// queue commands (same flag names) over the official @google-cloud/tasks client.
import type { CloudTasksClient } from '@google-cloud/tasks';
import type { Command } from 'commander';
import { createTasksClient } from '../../clients/index.ts';
import { configFor, handled, parentCommand, printJson, printListing } from '../output.ts';
import { type LocationFlags, parentOf, type QueueFlags, queueFromFlags, queuePath } from './tasks-flags.ts';
import { listQueueRows, queueTableHeader, queueTableRow } from './tasks-rows.ts';

type Run = (client: CloudTasksClient, config: ReturnType<typeof configFor>) => Promise<void>;

/** Opens a client for the configured target, runs `fn`, closes it. */
export async function withTasks(f: LocationFlags, fn: Run): Promise<void> {
  const config = configFor(['tasks'], f.project);
  const client = createTasksClient(config);
  try {
    await fn(client, config);
  } finally {
    await client.close();
  }
}

const queueOptions = (c: Command) =>
  c
    .option('--location <location>', 'location of the queue (default $SCHEDULER_LOCATION or us-central1)')
    .option('--project <id>', 'project (default $GOOGLE_CLOUD_PROJECT)')
    .option('--max-dispatches-per-second <n>', 'rate limit of the token bucket (at most 500)')
    .option('--max-concurrent-dispatches <n>', 'dispatches in flight at once (at most 5000)')
    .option('--max-attempts <n>', 'attempts per task, -1 or "unlimited" for no limit')
    .option('--max-retry-duration <duration>', 'retry window from the first attempt (0 = none)')
    .option('--min-backoff <duration>', 'first retry delay, e.g. 0.1s')
    .option('--max-backoff <duration>', 'retry delay cap, e.g. 3600s')
    .option('--max-doublings <n>', 'times the delay doubles before it grows linearly')
    .option('--log-sampling-ratio <ratio>', 'stackdriver logging sampling ratio, 0.0–1.0');

export function register(program: Command): void {
  const tasks = parentCommand(program, 'tasks', 'Cloud Tasks queues and tasks');
  const queues = parentCommand(tasks, 'queues', 'create, change and inspect queues');
  queueOptions(queues.command('create').argument('<queue>').description('create a queue')).action(
    handled(async (id: string, f: QueueFlags) =>
      withTasks(f, async (client, config) => {
        const { queue } = queueFromFlags(queuePath(config, f, id), f);
        const [created] = await client.createQueue({ parent: parentOf(config, f), queue });
        process.stderr.write(`Created queue [${created.name}].\n`);
      }),
    ),
  );
  queueOptions(queues.command('update').argument('<queue>').description('change the flags given')).action(
    handled(async (id: string, f: QueueFlags) =>
      withTasks(f, async (client, config) => {
        const { queue, paths } = queueFromFlags(queuePath(config, f, id), f);
        if (paths.length === 0) throw new Error('nothing to update: pass at least one queue flag');
        const [updated] = await client.updateQueue({ queue, updateMask: { paths } });
        process.stderr.write(`Updated queue [${updated.name}].\n`);
      }),
    ),
  );
  const simple = (
    verb: string,
    what: string,
    call: (c: CloudTasksClient, name: string) => Promise<unknown>,
  ) =>
    queues
      .command(verb)
      .argument('<queue>')
      .description(what)
      .option('--location <location>', 'location of the queue')
      .option('--project <id>', 'project')
      .action(
        handled(async (id: string, f: LocationFlags) =>
          withTasks(f, async (client, config) => {
            const name = queuePath(config, f, id);
            const result = await call(client, name);
            if (verb === 'describe') printJson(result);
            else process.stderr.write(`${verb[0]?.toUpperCase()}${verb.slice(1)}d queue [${name}].\n`);
          }),
        ),
      );
  simple('describe', 'show a queue', async (c, name) => (await c.getQueue({ name }))[0]);
  simple('pause', 'stop dispatching', (c, name) => c.pauseQueue({ name }));
  simple('resume', 'dispatch again', (c, name) => c.resumeQueue({ name }));
  simple('purge', 'delete every task of the queue', (c, name) => c.purgeQueue({ name }));
  simple('delete', 'delete the queue and its tasks', (c, name) => c.deleteQueue({ name }));
  queues
    .command('list')
    .description('list the queues of a location')
    .option('--location <location>', 'location')
    .option('--project <id>', 'project')
    .option('--json', 'print JSON')
    .action(
      handled(async (f: LocationFlags & { json?: boolean }) =>
        withTasks(f, async (client, config) => {
          printListing(await listQueueRows(client, parentOf(config, f)), {
            json: f.json,
            headers: queueTableHeader,
            row: queueTableRow,
            empty: 'Listed 0 items.',
          });
        }),
      ),
    );
}
