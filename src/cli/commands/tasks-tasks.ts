// `devkit tasks create-http-task|list|describe|run|delete`: gcloud's Cloud Tasks task commands
// (same flag names) over the official @google-cloud/tasks client.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { handled, parentCommand, printJson, printListing } from '../output.ts';
import { collect, headerMap, type LocationFlags, queuePath, taskPath } from './tasks-flags.ts';
import { withTasks } from './tasks-queues.ts';

interface TaskFlags extends LocationFlags {
  queue?: string;
}

interface HttpTaskFlags extends TaskFlags {
  url: string;
  method?: string;
  header?: string[];
  bodyContent?: string;
  bodyFile?: string;
  scheduleTime?: string;
  oidcServiceAccountEmail?: string;
  oidcTokenAudience?: string;
  oauthServiceAccountEmail?: string;
  oauthTokenScope?: string;
}

const time = (t: { seconds?: unknown } | null | undefined) =>
  t?.seconds ? new Date(Number(t.seconds) * 1000).toISOString() : '';

const where = (c: Command) =>
  c
    .option('--queue <queue>', 'queue id (or a full task name instead)')
    .option('--location <location>', 'location of the queue')
    .option('--project <id>', 'project');

export function register(program: Command): void {
  const tasks = parentCommand(program, 'tasks', 'Cloud Tasks queues and tasks');
  where(tasks.command('create-http-task').argument('[task]', 'task id (default: server-assigned)'))
    .description('add an HTTP task to a queue')
    .requiredOption('--url <url>', 'where the task is sent')
    .option('--method <method>', 'HTTP method (default POST)')
    .option('--header <key:value>', 'request header, repeatable', collect)
    .option('--body-content <text>', 'request body')
    .option('--body-file <path>', 'request body from a file')
    .option('--schedule-time <time>', 'RFC 3339 time of the first attempt')
    .option('--oidc-service-account-email <email>', 'send an OIDC ID token for this account')
    .option('--oidc-token-audience <audience>', 'audience of that token (default: the URL)')
    .option('--oauth-service-account-email <email>', 'send an OAuth access token for this account')
    .option('--oauth-token-scope <scope>', 'scope of that token')
    .action(
      handled(async (id: string | undefined, f: HttpTaskFlags) =>
        withTasks(f, async (client, config) => {
          if (!f.queue) throw new Error('--queue is required');
          const parent = queuePath(config, f, f.queue);
          const body = f.bodyFile
            ? readFileSync(f.bodyFile)
            : f.bodyContent
              ? Buffer.from(f.bodyContent)
              : undefined;
          const when = f.scheduleTime ? Date.parse(f.scheduleTime) : undefined;
          if (when !== undefined && Number.isNaN(when))
            throw new Error(`invalid --schedule-time "${f.scheduleTime}"`);
          const [task] = await client.createTask({
            parent,
            task: {
              ...(id ? { name: `${parent}/tasks/${id}` } : {}),
              ...(when !== undefined ? { scheduleTime: { seconds: Math.floor(when / 1000) } } : {}),
              httpRequest: {
                url: f.url,
                httpMethod: (f.method?.toUpperCase() ?? 'POST') as 'POST',
                headers: headerMap(f.header),
                ...(body ? { body } : {}),
                ...(f.oidcServiceAccountEmail && {
                  oidcToken: {
                    serviceAccountEmail: f.oidcServiceAccountEmail,
                    audience: f.oidcTokenAudience,
                  },
                }),
                ...(f.oauthServiceAccountEmail && {
                  oauthToken: { serviceAccountEmail: f.oauthServiceAccountEmail, scope: f.oauthTokenScope },
                }),
              },
            },
          });
          process.stderr.write(`Created task [${task.name}].\n`);
        }),
      ),
    );
  where(tasks.command('list'))
    .description('list the tasks of a queue')
    .option('--json', 'print JSON')
    .action(
      handled(async (f: TaskFlags & { json?: boolean }) =>
        withTasks(f, async (client, config) => {
          if (!f.queue) throw new Error('--queue is required');
          const [list] = await client.listTasks({ parent: queuePath(config, f, f.queue) });
          printListing(list, {
            json: f.json,
            headers: [
              'TASK_NAME',
              'TYPE',
              'CREATE_TIME',
              'SCHEDULE_TIME',
              'DISPATCH_ATTEMPTS',
              'RESPONSE_ATTEMPTS',
            ],
            row: (t) => [
              String(t.name).split('/').pop() ?? '',
              t.httpRequest ? 'http' : 'app-engine',
              time(t.createTime),
              time(t.scheduleTime),
              t.dispatchCount ?? 0,
              t.responseCount ?? 0,
            ],
            empty: 'Listed 0 items.',
          });
        }),
      ),
    );
  const byName = (verb: string, what: string) =>
    where(tasks.command(verb).argument('<task>', 'task id (with --queue) or full name')).description(what);
  byName('describe', 'show a task (full view)').action(
    handled(async (id: string, f: TaskFlags) =>
      withTasks(f, async (client, config) => {
        printJson((await client.getTask({ name: taskPath(config, f, id), responseView: 'FULL' }))[0]);
      }),
    ),
  );
  byName('run', 'dispatch a task now, even on a paused queue').action(
    handled(async (id: string, f: TaskFlags) =>
      withTasks(f, async (client, config) => {
        const [task] = await client.runTask({ name: taskPath(config, f, id) });
        process.stderr.write(`Ran task [${task.name}] (dispatch ${task.dispatchCount}).\n`);
      }),
    ),
  );
  byName('delete', 'delete a task').action(
    handled(async (id: string, f: TaskFlags) =>
      withTasks(f, async (client, config) => {
        const name = taskPath(config, f, id);
        await client.deleteTask({ name });
        process.stderr.write(`Deleted task [${name}].\n`);
      }),
    ),
  );
}
