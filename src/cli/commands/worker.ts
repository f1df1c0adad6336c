// `devkit worker`: the reference claim-and-process worker (replace-tokens) on the env's target.
// Prints `devkit ready` once pulling; SIGTERM/SIGINT drain in-flight units, then exit 0.
import type { Command } from 'commander';
import { createLogger } from '../../../emulators/common/index.ts';
import { resolveConfig } from '../../config/index.ts';
import {
  createHandlerRegistry,
  createWorker,
  createWorkflowRuntime,
  replaceTokens,
  withDelay,
} from '../../workflow/index.ts';
import { parsePositiveInt } from '../options.ts';
import { untilSignal } from './signals.ts';

interface WorkerFlags {
  subscription: string;
  processedBucket: string;
  processingTopic: string;
  completeTopic: string;
  find: string;
  replace: string;
  concurrency: number;
  leaseMs: number;
  doneTtlMs: number;
  drainMs: number;
  delayMs?: number;
  keyPrefix: string;
  workerId?: string;
}

const parseMs = (value: string) => (value === '0' ? 0 : parsePositiveInt(value));

export function register(program: Command): void {
  program
    .command('worker')
    .description('run a claim-and-process worker (replace-tokens) against the env target')
    .option('--subscription <name>', 'subscription with the work bucket notifications', 'worker')
    .option('--processed-bucket <name>', 'bucket for <objectId>.processed outputs', 'processed')
    .option('--processing-topic <name>', 'topic announcing units being processed', 'processing')
    .option('--complete-topic <name>', 'topic announcing completed units', 'complete')
    .option('--find <text>', 'token to replace', '---SVN---')
    .option('--replace <text>', 'replacement text', '')
    .option('--concurrency <n>', 'units in flight at once', parsePositiveInt, 4)
    .option('--lease-ms <n>', 'Redis lease per unit, extended by the heartbeat', parsePositiveInt, 30_000)
    .option(
      '--done-ttl-ms <n>',
      'how long done markers answer duplicates',
      parsePositiveInt,
      7 * 24 * 3600_000,
    )
    .option(
      '--drain-ms <n>',
      'on SIGTERM, how long in-flight units may finish before release',
      parseMs,
      20_000,
    )
    .option('--delay-ms <n>', 'simulated extra work per unit (scenarios: slow workers, drains)', parseMs)
    .option('--key-prefix <prefix>', 'Redis key namespace', 'devkit')
    .option('--worker-id <id>', 'name in claims, logs and announcements (default host-pid)')
    .action(async (flags: WorkerFlags) => {
      const signalled = untilSignal();
      const config = resolveConfig({ services: ['pubsub', 'storage'] });
      const runtime = createWorkflowRuntime(config, { keyPrefix: flags.keyPrefix });
      const logger = createLogger();
      const handler = replaceTokens({
        processedBucket: flags.processedBucket,
        find: flags.find,
        replace: flags.replace,
      });
      const worker = createWorker({
        ...runtime,
        logger,
        subscription: flags.subscription,
        registry: createHandlerRegistry().on(
          { eventType: 'OBJECT_FINALIZE' },
          withDelay(handler, flags.delayMs ?? 0),
          'replace-tokens',
        ),
        topics: { processing: flags.processingTopic, complete: flags.completeTopic },
        workerId: flags.workerId,
        concurrency: flags.concurrency,
        leaseMs: flags.leaseMs,
        doneTtlMs: flags.doneTtlMs,
        drainTimeoutMs: flags.drainMs,
      });
      worker.start();
      logger.info('worker ready', {
        target: config.target,
        project: config.project,
        workerId: worker.workerId,
      });
      process.stdout.write(`devkit ready\nworker ${worker.workerId}\n`);
      const outcome = await Promise.race([signalled, worker.failed.catch((err: Error) => err)]);
      await worker.stop();
      await runtime.close();
      if (outcome instanceof Error) {
        process.stderr.write(
          `devkit worker: subscription ${flags.subscription} failed: ${outcome.message}\n`,
        );
        process.exit(1);
      }
      process.stderr.write(
        `${JSON.stringify({ msg: 'worker stopped', workerId: worker.workerId, ...worker.stats() })}\n`,
      );
      process.exit(0);
    });
}
