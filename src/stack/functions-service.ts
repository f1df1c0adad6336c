// The Functions host as a stack service: started after the emulators (its triggers use Pub/Sub and
// Storage), it serves the admin API `devkit functions deploy` talks to at $DEVKIT_FUNCTIONS_URL.
import type { Logger } from '../../emulators/common/index.ts';
import { startFunctionsHost } from '../../emulators/functions/index.ts';

/** The variable the ready line exports and the `devkit functions` commands read. */
export const FUNCTIONS_ENV = 'DEVKIT_FUNCTIONS_URL';

export function functionsService(ctx: {
  host: string;
  port: number;
  project: string;
  /** The stack's env so far: functions get PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST, REDIS_URL, … */
  env: Record<string, string>;
  logger: Logger;
}) {
  let port = ctx.port;
  let url = '';
  return {
    name: 'functions' as const,
    url: () => url,
    start: async () => {
      const server = await startFunctionsHost({
        host: ctx.host,
        port,
        project: ctx.project,
        pubsubHost: ctx.env.PUBSUB_EMULATOR_HOST!,
        storageUrl: ctx.env.STORAGE_EMULATOR_HOST,
        env: { ...ctx.env, GOOGLE_CLOUD_PROJECT: ctx.project, DEVKIT_TARGET: 'local' },
        logger: ctx.logger.child({ service: 'functions' }),
      });
      port = server.port;
      url = server.url;
      return { port, stop: () => server.stop() };
    },
  };
}
