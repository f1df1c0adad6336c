// One typed config from the environment (and CLI overrides), with the local/gcp guards:
// a workflow never half-talks to production.

import { EMULATOR_VARIABLES, type EmulatorVariable, envSchema } from './env-schema.ts';
import { ConfigError } from './errors.ts';

export type Target = 'local' | 'gcp';
export type Service = 'pubsub' | 'storage' | 'scheduler';

export interface DevkitConfig {
  target: Target;
  project: string;
  /** host:port of the Pub/Sub emulator (local), undefined on GCP. */
  pubsubEmulatorHost?: string;
  /** http://host:port of the Storage emulator (local), undefined on GCP. */
  storageEmulatorHost?: string;
  /** host:port of the Scheduler stand-in (local), undefined on GCP. */
  schedulerEmulatorHost?: string;
  /** Cloud Scheduler location for job names. */
  schedulerLocation: string;
  redisUrl?: string;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv | Record<string, string | undefined>;
  /** Overrides from CLI flags, applied after the environment. */
  overrides?: { project?: string; target?: Target };
  /** Services this program uses; `local` requires an emulator variable for each. Default: all. */
  services?: readonly Service[];
}

export const DEFAULT_PROJECT = 'devkit-local';
const VARIABLE_OF: Record<Service, EmulatorVariable> = {
  pubsub: 'PUBSUB_EMULATOR_HOST',
  storage: 'STORAGE_EMULATOR_HOST',
  scheduler: 'CLOUD_SCHEDULER_EMULATOR_HOST',
};

/** Resolves and validates the config; throws ConfigError naming the variable and the fix. */
export function resolveConfig(options: ResolveOptions = {}): DevkitConfig {
  const raw = options.env ?? process.env;
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(
      `${variable}=${JSON.stringify(raw[variable] ?? '')} is invalid: ${issue.message}`,
      variable,
    );
  }
  const env = parsed.data;
  const services = options.services ?? (['pubsub', 'storage', 'scheduler'] as const);
  const setVariables = EMULATOR_VARIABLES.filter((name) => env[name] !== undefined);
  // Unset target means local: the safe side, since local refuses to run without emulators.
  const target: Target = options.overrides?.target ?? env.DEVKIT_TARGET ?? 'local';

  if (target === 'gcp' && setVariables.length > 0) {
    const variable = setVariables[0]!;
    throw new ConfigError(
      `DEVKIT_TARGET=gcp but ${variable} is set (${env[variable]}): a GCP run must not talk to an emulator. ` +
        `Unset it (\`unset ${setVariables.join(' ')}\`) or use DEVKIT_TARGET=local.`,
      variable,
    );
  }
  if (target === 'local') {
    const missing = services.map((s) => VARIABLE_OF[s]).filter((name) => env[name] === undefined);
    if (missing.length > 0) {
      const variable = missing[0]!;
      const how =
        setVariables.length > 0
          ? 'the other emulator variables are set, so this would mix local and GCP'
          : 'no emulator is configured';
      throw new ConfigError(
        `DEVKIT_TARGET=local needs ${missing.join(', ')} but ${missing.length > 1 ? 'they are' : 'it is'} not set (${how}). ` +
          'Start the emulators with `eval "$(npx devkit start)"`, set the variable yourself, ' +
          'or use DEVKIT_TARGET=gcp with no emulator variable.',
        variable,
      );
    }
  }

  const project =
    options.overrides?.project ??
    env.GOOGLE_CLOUD_PROJECT ??
    (target === 'local' ? DEFAULT_PROJECT : undefined);
  if (!project) {
    throw new ConfigError(
      'DEVKIT_TARGET=gcp needs GOOGLE_CLOUD_PROJECT: set it to the id of the project to use.',
      'GOOGLE_CLOUD_PROJECT',
    );
  }
  return {
    target,
    project,
    pubsubEmulatorHost: target === 'local' ? env.PUBSUB_EMULATOR_HOST : undefined,
    storageEmulatorHost: target === 'local' ? env.STORAGE_EMULATOR_HOST : undefined,
    schedulerEmulatorHost: target === 'local' ? env.CLOUD_SCHEDULER_EMULATOR_HOST : undefined,
    schedulerLocation: env.SCHEDULER_LOCATION ?? 'us-central1',
    redisUrl: env.REDIS_URL,
  };
}
