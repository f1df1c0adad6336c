// The `devkit` command: each sub-command lives in ./commands and registers itself here. Only the
// module of the command being run is loaded (the others pull in clients and emulators that a
// `devkit start` or `devkit worker` would pay for at every start); help loads them all.
import { Command } from 'commander';
import { ConfigError } from '../config/index.ts';

type Registrar = () => Promise<{ register(program: Command): void }>;

/** Top-level command name → the modules that register it, in the order help lists them. */
const COMMANDS: Record<string, Registrar[]> = {
  // The local stack, scenarios and the workflow's processes.
  start: [() => import('./commands/start.ts')],
  scenario: [() => import('./commands/scenario.ts')],
  init: [() => import('./commands/init.ts')],
  worker: [() => import('./commands/worker.ts')],
  auditor: [() => import('./commands/auditor.ts')],
  function: [() => import('./commands/function.ts')],
  // Topology and the gcloud-like commands over the official clients.
  apply: [() => import('./commands/apply.ts')],
  pubsub: [() => import('./commands/pubsub-admin.ts'), () => import('./commands/pubsub-messages.ts')],
  storage: [() => import('./commands/storage.ts')],
  keys: [() => import('./commands/keys.ts')],
  gsutil: [() => import('./commands/gsutil.ts')],
  functions: [() => import('./commands/functions.ts')],
  scheduler: [() => import('./commands/scheduler-jobs.ts'), () => import('./commands/scheduler-advance.ts')],
  tasks: [() => import('./commands/tasks-queues.ts'), () => import('./commands/tasks-tasks.ts')],
  status: [() => import('./commands/status.ts')],
  ui: [() => import('./commands/ui.ts')],
};

const program = new Command('devkit')
  .description('Local Cloud Scheduler, Pub/Sub, Storage and Redis for event-driven GCP workflows')
  .showHelpAfterError();

try {
  const named = COMMANDS[process.argv[2] ?? ''];
  for (const load of named ?? Object.values(COMMANDS).flat()) (await load()).register(program);
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`devkit: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`devkit: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
}
