// gcloud's Cloud Tasks flags turned into request fields: durations ("10s", "1m", "2h"), headers
// ("Key: Value", repeatable), the queue/task names from ids and --location.
import type { protos } from '@google-cloud/tasks';

import type { DevkitConfig } from '../../config/index.ts';

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** gcloud's duration forms ("10s", "1.5m", "2h", plain seconds) as a protobuf Duration. */
export function duration(text: string): { seconds: number; nanos: number } {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}": use e.g. 10s, 5m, 1h`);
  const total = Number(m[1]) * (UNIT[m[2] || 's'] ?? 1);
  const seconds = Math.floor(total);
  return { seconds, nanos: Math.round((total - seconds) * 1e9) };
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function headerMap(values: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf(':');
    if (i <= 0) throw new Error(`invalid --header "${v}": use KEY:VALUE`);
    out[v.slice(0, i).trim()] = v.slice(i + 1).trim();
  }
  return out;
}

export interface LocationFlags {
  location?: string;
  project?: string;
}

export const parentOf = (config: DevkitConfig, f: LocationFlags) =>
  `projects/${config.project}/locations/${f.location ?? config.schedulerLocation}`;

/** A queue id or full name → the full name. */
export const queuePath = (config: DevkitConfig, f: LocationFlags, queue: string) =>
  queue.startsWith('projects/') ? queue : `${parentOf(config, f)}/queues/${queue}`;

/** A task id or full name → the full name. */
export const taskPath = (config: DevkitConfig, f: LocationFlags & { queue?: string }, task: string) => {
  if (task.startsWith('projects/')) return task;
  if (!f.queue) throw new Error('--queue is required with a task id');
  return `${queuePath(config, f, f.queue)}/tasks/${task}`;
};

export interface QueueFlags extends LocationFlags {
  maxDispatchesPerSecond?: string;
  maxConcurrentDispatches?: string;
  maxAttempts?: string;
  maxRetryDuration?: string;
  minBackoff?: string;
  maxBackoff?: string;
  maxDoublings?: string;
  logSamplingRatio?: string;
}

/** The Queue fields the flags set, and the update mask naming exactly those. */
export function queueFromFlags(
  name: string,
  f: QueueFlags,
): { queue: protos.google.cloud.tasks.v2.IQueue; paths: string[] } {
  const paths: string[] = [];
  const rateLimits: protos.google.cloud.tasks.v2.IRateLimits = {};
  const retryConfig: protos.google.cloud.tasks.v2.IRetryConfig = {};
  const set = <T>(value: string | undefined, path: string, apply: (v: string) => T) => {
    if (value === undefined) return;
    apply(value);
    paths.push(path);
  };
  set(
    f.maxDispatchesPerSecond,
    'rate_limits.max_dispatches_per_second',
    (v) => (rateLimits.maxDispatchesPerSecond = Number(v)),
  );
  set(
    f.maxConcurrentDispatches,
    'rate_limits.max_concurrent_dispatches',
    (v) => (rateLimits.maxConcurrentDispatches = Number(v)),
  );
  set(
    f.maxAttempts,
    'retry_config.max_attempts',
    (v) => (retryConfig.maxAttempts = v === 'unlimited' ? -1 : Number(v)),
  );
  set(
    f.maxRetryDuration,
    'retry_config.max_retry_duration',
    (v) => (retryConfig.maxRetryDuration = duration(v)),
  );
  set(f.minBackoff, 'retry_config.min_backoff', (v) => (retryConfig.minBackoff = duration(v)));
  set(f.maxBackoff, 'retry_config.max_backoff', (v) => (retryConfig.maxBackoff = duration(v)));
  set(f.maxDoublings, 'retry_config.max_doublings', (v) => (retryConfig.maxDoublings = Number(v)));
  const queue: protos.google.cloud.tasks.v2.IQueue = { name, rateLimits, retryConfig };
  set(f.logSamplingRatio, 'stackdriver_logging_config.sampling_ratio', (v) => {
    queue.stackdriverLoggingConfig = { samplingRatio: Number(v) };
  });
  return { queue, paths };
}
