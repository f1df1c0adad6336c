// The `devkit` command: each sub-command lives in ./commands and registers itself here.
import { Command } from 'commander';
import { ConfigError } from '../config/index.ts';
import { register as registerApply } from './commands/apply.ts';
import { register as registerAuditor } from './commands/auditor.ts';
import { register as registerFunction } from './commands/function.ts';
import { register as registerPubsubAdmin } from './commands/pubsub-admin.ts';
import { register as registerPubsubMessages } from './commands/pubsub-messages.ts';
import { register as registerScenario } from './commands/scenario.ts';
import { register as registerSchedulerAdvance } from './commands/scheduler-advance.ts';
import { register as registerSchedulerJobs } from './commands/scheduler-jobs.ts';
import { register as registerStart } from './commands/start.ts';
import { register as registerStatus } from './commands/status.ts';
import { register as registerStorage } from './commands/storage.ts';
import { register as registerWorker } from './commands/worker.ts';

const program = new Command('devkit')
  .description('Local Cloud Scheduler, Pub/Sub, Storage and Redis for event-driven GCP workflows')
  .showHelpAfterError();

const commands = [
  // The local stack, scenarios and the workflow's processes.
  registerStart,
  registerScenario,
  registerWorker,
  registerAuditor,
  registerFunction,
  // Topology and the gcloud-like commands over the official clients.
  registerApply,
  registerPubsubAdmin,
  registerPubsubMessages,
  registerStorage,
  registerSchedulerJobs,
  registerSchedulerAdvance,
  registerStatus,
];
for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`devkit: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`devkit: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
}
