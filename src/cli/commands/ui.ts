// `devkit ui`: the dashboard against an already running stack (found through the variables that
// `devkit start` exported), and the shared start-up used by `devkit start` and `devkit scenario --ui`.
import type { Command } from 'commander';
import { createLogger } from '../../../emulators/common/index.ts';
import { DEFAULT_UI_PORT, type StartedUi, startUi } from '../../../ui/server/index.ts';
import { parsePort } from '../options.ts';

/**
 * Starts the dashboard. With no port asked for, the default 4000 is tried first and any free port
 * taken when it is busy (a second stack still gets a dashboard); an explicit port must be free.
 */
export async function startDashboard(
  env: Readonly<Record<string, string | undefined>>,
  host: string,
  port: number | undefined,
): Promise<StartedUi> {
  const logger = createLogger('warn');
  if (port !== undefined) return startUi({ env, host, port, logger });
  try {
    return await startUi({ env, host, port: DEFAULT_UI_PORT, logger });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startUi({ env, host, port: 0, logger });
  }
}

export function register(program: Command): void {
  program
    .command('ui')
    .description('serve the dashboard for the stack in this environment (PUBSUB_EMULATOR_HOST, ...)')
    .option('--port <n>', `dashboard port (default ${DEFAULT_UI_PORT}, 0 = any free port)`, parsePort)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(async (flags: { port?: number; host: string }) => {
      const ui = await startDashboard(process.env, flags.host, flags.port);
      process.stdout.write(`dashboard: ${ui.url}\nexport DEVKIT_UI_URL=${ui.url}\n`);
      await new Promise((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
      });
      await ui.stop();
      process.exit(0);
    });
}
