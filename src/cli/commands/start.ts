// `devkit start [service]`: brings up the local stack (or one emulator), prints `devkit ready` and
// the `export` lines a shell can eval, and stops everything on SIGINT/SIGTERM before exiting 0.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { createLogger } from '../../../emulators/common/index.ts';
import { declaredStorageBackend } from '../../config/index.ts';
import { EMULATORS, type ServiceName, type StartedStack, startStack } from '../../stack/index.ts';
import { parsePort } from '../options.ts';
import { installCrashGuard } from './crash-guard.ts';
import { untilParentGone } from './signals.ts';
import { startDashboard } from './ui.ts';

interface StartFlags {
  port?: number;
  pubsubPort?: number;
  storagePort?: number;
  schedulerPort?: number;
  tasksPort?: number;
  redisPort?: number;
  project?: string;
  dataDir?: string;
  host: string;
  file?: string;
  uiPort?: number;
  /** commander's --no-ui: false when given. */
  ui: boolean;
  exitWithParent: boolean;
}

const SERVICES: readonly ServiceName[] = ['pubsub', 'storage', 'scheduler', 'tasks'];

export function register(program: Command): void {
  program
    .command('start')
    .description('start the local stack (Redis + emulators), or one emulator, and print the env to use it')
    .argument('[service]', `one of ${SERVICES.join(', ')} (default: everything)`)
    .option('--port <n>', 'port of the single service started', parsePort)
    .option('--pubsub-port <n>', 'Pub/Sub emulator port (default 8085, 0 = any)', parsePort)
    .option('--storage-port <n>', 'Storage emulator port (default 4443, 0 = any)', parsePort)
    .option('--scheduler-port <n>', 'Scheduler stand-in port (default 8089, 0 = any)', parsePort)
    .option('--tasks-port <n>', 'Cloud Tasks emulator port (default 8123, 0 = any)', parsePort)
    .option('--redis-port <n>', 'port for the spawned redis-server (default any free port)', parsePort)
    .option('--project <id>', 'project id (default $GOOGLE_CLOUD_PROJECT or devkit-local)')
    .option('--data-dir <dir>', 'keep emulator state in this folder across restarts')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--ui-port <n>', 'dashboard port (default 4000, any free port when busy; 0 = any)', parsePort)
    .option('--no-ui', 'do not serve the dashboard')
    .option('--no-exit-with-parent', 'keep running when the process that started devkit goes away')
    .option(
      '-f, --file <path>',
      'topology applied once the emulators are up (default ./devkit.yaml if present)',
    )
    .action(async (service: string | undefined, flags: StartFlags) => {
      if (service !== undefined && !SERVICES.includes(service as ServiceName)) {
        program.error(`unknown service "${service}": expected one of ${SERVICES.join(', ')}`);
      }
      if (flags.port !== undefined && service === undefined) {
        program.error(
          '--port needs a service (devkit start pubsub --port 8085); use --pubsub-port etc. for the whole stack',
        );
      }
      const one = service as ServiceName | undefined;
      if (one && !EMULATORS.some((e) => e.name === one)) {
        program.error(`the ${one} emulator is not available in this build`);
      }
      // Armed before anything starts: a signal during start-up or right after the ready line
      // must still stop what was started.
      const signalled = untilSignal();
      // npm/npx do not forward SIGTERM: stop when the process that started us is gone (signals.ts).
      const orphaned = flags.exitWithParent ? untilParentGone().gone : new Promise<never>(() => {});
      // An uncaught error names its emulator and stops everything with exit code 1 (crash-guard.ts).
      const guard = installCrashGuard();
      const stack = await startStack({
        attributeErrors: true,
        host: flags.host,
        project: flags.project ?? process.env.GOOGLE_CLOUD_PROJECT,
        dataDir: flags.dataDir,
        services: one ? [one] : undefined,
        // STORAGE_BACKEND=fake-gcs-server serves Storage with fake-gcs-server instead of ours.
        storageBackend: declaredStorageBackend(process.env),
        redis: one === undefined,
        // The whole stack hosts deployed functions ($DEVKIT_FUNCTIONS_URL); one emulator does not.
        functions: one === undefined,
        redisUrl: process.env.REDIS_URL || undefined,
        ports: {
          pubsub: one === 'pubsub' ? flags.port : flags.pubsubPort,
          storage: one === 'storage' ? flags.port : flags.storagePort,
          scheduler: one === 'scheduler' ? flags.port : flags.schedulerPort,
          tasks: one === 'tasks' ? flags.port : flags.tasksPort,
          redis: flags.redisPort,
        },
        logger: createLogger(),
      });
      // The topology is in place before `devkit ready`: whoever waits for that line can use it.
      const topology =
        flags.file ?? (one === undefined && existsSync('devkit.yaml') ? 'devkit.yaml' : undefined);
      if (topology) {
        // Loaded only when there is a topology: it brings in the official clients.
        const { applyTopologyFile } = await import('./apply.ts');
        await applyTopologyFile({ file: topology, env: stack.env, out: process.stderr }).catch(
          async (err: Error) => {
            process.stderr.write(`devkit: ${err.message}\n`);
            await stack.stop();
            process.exit(2);
          },
        );
      }
      // The dashboard comes with the whole stack (not with one emulator alone).
      const ui =
        one === undefined && flags.ui ? await startDashboard(stack.env, flags.host, flags.uiPort) : undefined;
      const stopAll = async () => {
        await ui?.stop();
        await stack.stop();
      };
      guard.setStop(stopAll);
      printReady(stack, ui ? { DEVKIT_UI_URL: ui.url } : {});
      await Promise.race([
        signalled,
        orphaned.then((why) => process.stderr.write(`devkit: stopping the stack: ${why}\n`)),
      ]);
      await stopAll();
      process.exit(0);
    });
}

function printReady(stack: StartedStack, extra: Record<string, string>): void {
  const lines = ['devkit ready'];
  // DEVKIT_TARGET stays the last line: scripts wait for it to know the list is complete.
  const { DEVKIT_TARGET, ...env } = stack.env;
  for (const [name, value] of Object.entries({ ...env, ...extra, DEVKIT_TARGET }))
    if (value !== undefined) lines.push(`export ${name}=${shellQuote(value)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.once(signal, () => resolve(signal));
  });
}
