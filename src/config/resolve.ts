// One typed config from the environment (and CLI overrides), with the local/gcp guards:
// a workflow never half-talks to production.

import { checkGcpEndpoints, checkLocalEndpoints } from './endpoint-guards.ts';
import { EMULATOR_VARIABLES, type EmulatorVariable, envSchema, type StorageBackend } from './env-schema.ts';
import { ConfigError } from './errors.ts';

export type Target = 'local' | 'gcp';
export type Service = 'pubsub' | 'storage' | 'scheduler' | 'tasks';

export interface DevkitConfig {
  target: Target;
  project: string;
  /** host:port of the Pub/Sub emulator (local), undefined on GCP. */
  pubsubEmulatorHost?: string;
  /** http://host:port of the Storage emulator (local), undefined on GCP. */
  storageEmulatorHost?: string;
  /**
   * What serves storageEmulatorHost (STORAGE_BACKEND): `devkit` (our emulator, the default) or
   * `fake-gcs-server`. Always `devkit` on GCP, where the question does not arise.
   */
  storageBackend: StorageBackend;
  /** host:port of the Scheduler stand-in (local), undefined on GCP. */
  schedulerEmulatorHost?: string;
  /** Cloud Scheduler location for job names. */
  schedulerLocation: string;
  /** host:port of the Cloud Tasks emulator (local), undefined on GCP. */
  tasksEmulatorHost?: string;
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
  tasks: 'CLOUD_TASKS_EMULATOR_HOST',
};

type RawEnv = NodeJS.ProcessEnv | Record<string, string | undefined>;

function parseEnv(raw: RawEnv) {
  const parsed = envSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const variable = String(issue.path[0]);
  throw new ConfigError(
    `${variable}=${JSON.stringify(raw[variable] ?? '')} is invalid: ${issue.message}`,
    variable,
  );
}

/**
 * STORAGE_BACKEND as declared, validated; undefined when unset (then the default is `devkit`, or
 * an external server's health check may tell, see detectStorageBackend in src/clients).
 */
export function declaredStorageBackend(env: RawEnv = process.env): StorageBackend | undefined {
  const parsed = envSchema.shape.STORAGE_BACKEND.safeParse(env.STORAGE_BACKEND);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `STORAGE_BACKEND=${JSON.stringify(env.STORAGE_BACKEND ?? '')} is invalid: ${parsed.error.issues[0]!.message}`,
    'STORAGE_BACKEND',
  );
}

/** Resolves and validates the config; throws ConfigError naming the variable and the fix. */
export function resolveConfig(options: ResolveOptions = {}): DevkitConfig {
  const raw = options.env ?? process.env;
  const env = parseEnv(raw);
  const services = options.services ?? (['pubsub', 'storage', 'scheduler'] as const);
  const setVariables = EMULATOR_VARIABLES.filter((name) => env[name] !== undefined);
  // Unset target means local: the safe side, since local refuses to run without emulators.
  const target: Target = options.overrides?.target ?? env.DEVKIT_TARGET ?? 'local';

  if (target === 'gcp') checkGcpEndpoints(raw, env.DEVKIT_ALLOW_LOCAL_REDIS === '1');
  else checkLocalEndpoints(env);
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

  if (target === 'gcp' && env.STORAGE_BACKEND === 'fake-gcs-server') {
    throw new ConfigError(
      'DEVKIT_TARGET=gcp but STORAGE_BACKEND=fake-gcs-server: a GCP run talks to Cloud Storage. ' +
        'Unset STORAGE_BACKEND or use DEVKIT_TARGET=local.',
      'STORAGE_BACKEND',
    );
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
    storageBackend: env.STORAGE_BACKEND ?? 'devkit',
    schedulerEmulatorHost: target === 'local' ? env.CLOUD_SCHEDULER_EMULATOR_HOST : undefined,
    schedulerLocation: env.SCHEDULER_LOCATION ?? 'us-central1',
    tasksEmulatorHost: target === 'local' ? env.CLOUD_TASKS_EMULATOR_HOST : undefined,
    redisUrl: env.REDIS_URL,
  };
}
