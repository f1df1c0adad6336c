// The `devkit` command: each sub-command lives in ./commands and registers itself here.
import { Command } from 'commander';
import { ConfigError } from '../config/index.ts';
import { register as registerStart } from './commands/start.ts';

const program = new Command('devkit')
  .description('Local Cloud Scheduler, Pub/Sub, Storage and Redis for event-driven GCP workflows')
  .showHelpAfterError();

for (const register of [registerStart]) register(program);

const scenarioStub = program
  .command('scenario')
  .description('run a scripted scenario (not yet available)')
  .allowUnknownOption();
scenarioStub.action(() => {
  process.stderr.write('devkit scenario: not yet implemented\n');
  process.exit(2);
});

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
