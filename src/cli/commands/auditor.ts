// `devkit auditor`: follows processing/complete/dead, prints one JSON line per report on stdout
// (`{"report":"stalled"|"dead-lettered",...}`) and `{"summary":{...}}` lines: on change every
// --summary-every-ms, and once more on SIGTERM/SIGINT before exiting 0.
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
  summaryEveryMs?: number;
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
    .option(
      '--summary-every-ms <n>',
      'also print the summary line this often while it changes',
      parsePositiveInt,
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
      let last = '';
      const summarize = (always: boolean) => {
        const line = JSON.stringify({ summary: auditor.counts() });
        if (always || line !== last) process.stdout.write(`${line}\n`);
        last = line;
      };
      auditor.start();
      process.stdout.write('devkit ready\n');
      const timer = flags.summaryEveryMs
        ? setInterval(() => summarize(false), flags.summaryEveryMs)
        : undefined;
      await signalled;
      clearInterval(timer);
      await auditor.stop();
      summarize(true);
      await runtime.close();
      process.exit(0);
    });
}
