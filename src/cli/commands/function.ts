// `devkit function --target <export> --source <file> --topic <topic>`: hosts a handler under the
// Functions Framework behind a Pub/Sub push subscription (emulator at $PUBSUB_EMULATOR_HOST) until
// SIGINT/SIGTERM, then deletes the subscription and stops the framework.
import type { Command } from 'commander';
import { createLogger } from '../../../emulators/common/index.ts';
import { startFunctionHost } from '../../../emulators/scheduler/index.ts';
import { parsePort } from '../options.ts';
import { untilSignal } from './signals.ts';

interface FunctionFlags {
  target: string;
  source: string;
  topic: string;
  signatureType: 'event' | 'cloudevent' | 'http';
  port: number;
  subscription?: string;
  pubsubHost?: string;
  project?: string;
}

const SIGNATURES = ['event', 'cloudevent', 'http'];

export function register(program: Command): void {
  program
    .command('function')
    .description('run a Functions Framework handler fed by a Pub/Sub push subscription on a topic')
    .requiredOption('--target <export>', 'exported function name in the source module')
    .requiredOption('--source <file>', 'module file with the handler (JS or TS)')
    .requiredOption('--topic <topic>', 'topic id or projects/P/topics/T (must exist)')
    .option('--signature-type <type>', 'event (background function), cloudevent or http', 'event')
    .option('--port <n>', 'port of the function server (0 = any free port)', parsePort, 0)
    .option('--subscription <name>', 'push subscription to create (default: function-<target>-<random>)')
    .option('--pubsub-host <host:port>', 'Pub/Sub emulator (default: $PUBSUB_EMULATOR_HOST)')
    .option('--project <id>', 'project of a bare topic id (default: $GOOGLE_CLOUD_PROJECT or devkit-local)')
    .action(async (flags: FunctionFlags, command: Command) => {
      const pubsubHost = flags.pubsubHost ?? process.env.PUBSUB_EMULATOR_HOST;
      if (!pubsubHost)
        command.error('devkit: no Pub/Sub emulator: pass --pubsub-host or set PUBSUB_EMULATOR_HOST');
      if (!SIGNATURES.includes(flags.signatureType)) {
        command.error(`devkit: --signature-type must be one of ${SIGNATURES.join(', ')}`);
      }
      const host = await startFunctionHost({
        source: flags.source,
        target: flags.target,
        signatureType: flags.signatureType,
        topic: flags.topic,
        project: flags.project,
        pubsubHost: pubsubHost as string,
        port: flags.port,
        subscription: flags.subscription,
        logger: createLogger(),
      });
      process.stdout.write(
        `devkit ready\nfunction ${flags.target} at ${host.url}, push subscription ${host.subscription} on ${host.topic}\n`,
      );
      await untilSignal();
      await host.stop();
    });
}
