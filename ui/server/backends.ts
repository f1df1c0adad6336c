// Where the dashboard reads from: the emulators' public HTTP surfaces (REST, JSON API, admin and
// inspection endpoints) and Redis, found in the same environment variables the workers use.
import { DevkitError } from '../../emulators/common/index.ts';

export interface Backends {
  project: string;
  /** Base URLs (`http://host:port`), absent when that service is not part of the stack. */
  pubsub?: string;
  storage?: string;
  scheduler?: string;
  tasks?: string;
  redisUrl?: string;
  /** Workflow key prefix (WORKFLOW_KEY_PREFIX, default `devkit`). */
  keyPrefix: string;
}

const asBase = (hostPort: string | undefined) =>
  hostPort ? (/^https?:\/\//.test(hostPort) ? hostPort.replace(/\/$/, '') : `http://${hostPort}`) : undefined;

export function backendsFromEnv(env: Readonly<Record<string, string | undefined>>): Backends {
  return {
    project: env.GOOGLE_CLOUD_PROJECT || 'devkit-local',
    pubsub: asBase(env.PUBSUB_EMULATOR_HOST),
    storage: asBase(env.STORAGE_EMULATOR_HOST),
    scheduler: asBase(env.CLOUD_SCHEDULER_EMULATOR_HOST),
    tasks: asBase(env.CLOUD_TASKS_EMULATOR_HOST),
    redisUrl: env.REDIS_URL || undefined,
    keyPrefix: env.WORKFLOW_KEY_PREFIX || 'devkit',
  };
}

const CALL_TIMEOUT_MS = 10_000;

export interface CallOptions {
  method?: string;
  json?: unknown;
  body?: Buffer;
  contentType?: string;
}

/** One HTTP call to an emulator; its JSON error (Google's shape) becomes a DevkitError. */
export async function callEmulator(base: string | undefined, path: string, options: CallOptions = {}) {
  if (!base) throw new DevkitError('FAILED_PRECONDITION', `that service is not part of this stack (${path})`);
  const headers: Record<string, string> = {};
  let body: Buffer | string | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) headers['content-type'] = options.contentType;
  // A bounded wait: one stuck emulator must not freeze the live view of all the others.
  const res = await fetch(`${base}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  }).catch((err: Error) => {
    throw new DevkitError(
      'UNAVAILABLE',
      `${base}${path}: ${err.name === 'TimeoutError' ? 'no answer within 10 s' : err.message}`,
    );
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!res.ok) {
    let message = bytes.toString('utf8').slice(0, 500);
    try {
      message = JSON.parse(message).error?.message ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new DevkitError('FAILED_PRECONDITION', message, { httpStatus: res.status });
  }
  return { bytes, contentType: res.headers.get('content-type') ?? '' };
}

/** callEmulator for JSON answers. */
export async function callJson<T = Record<string, unknown>>(
  base: string | undefined,
  path: string,
  options: CallOptions = {},
): Promise<T> {
  const { bytes } = await callEmulator(base, path, options);
  return (bytes.length ? JSON.parse(bytes.toString('utf8')) : {}) as T;
}
