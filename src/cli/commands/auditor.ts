// `devkit auditor`: follows processing/complete/dead, prints one JSON line per report on stdout
// (`{"report":"stalled"|"dead-lettered",...}`) and, on SIGTERM/SIGINT, a `{"summary":{...}}` line.
import type { Command } from 'commander';
import { createLogger } from '../../../emulators/common/index.ts';
import { resolveConfig } from '../../config/index.ts';
import { createAuditor, createWorkflowRuntime } from '../../workflow/index.ts';
import { parsePositiveInt } from '../options.ts';
import { untilSignal } from './signals.ts';

interface AuditorFlags {
  processingSubscription: string;
  completeSubscription: string;
  deadSubscription: string;
  stalledAfterMs: number;
  keyPrefix: string;
}

export function register(program: Command): void {
  program
    .command('auditor')
    .description('report units that started and never finished, and dead-lettered units')
    .option('--processing-subscription <name>', 'subscription on the processing topic', 'auditor-processing')
    .option('--complete-subscription <name>', 'subscription on the complete topic', 'auditor-complete')
    .option('--dead-subscription <name>', 'subscription on the dead-letter topic ("" = none)', 'auditor-dead')
    .option(
      '--stalled-after-ms <n>',
      'quiet time after which a leaseless unit is stalled',
      parsePositiveInt,
      30_000,
    )
    .option('--key-prefix <prefix>', 'Redis key namespace of the workers', 'devkit')
    .action(async (flags: AuditorFlags) => {
      const signalled = untilSignal();
      const config = resolveConfig({ services: ['pubsub'] });
      const runtime = createWorkflowRuntime(config, { keyPrefix: flags.keyPrefix });
      const auditor = createAuditor({
        ...runtime,
        logger: createLogger(),
        subscriptions: {
          processing: flags.processingSubscription,
          complete: flags.completeSubscription,
          dead: flags.deadSubscription || undefined,
        },
        stalledAfterMs: flags.stalledAfterMs,
        onReport: (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
      });
      auditor.start();
      process.stdout.write('devkit ready\n');
      await signalled;
      await auditor.stop();
      process.stdout.write(`${JSON.stringify({ summary: auditor.counts() })}\n`);
      await runtime.close();
      process.exit(0);
    });
}
