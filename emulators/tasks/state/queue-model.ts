// The Queue resource: Google's defaults for unset fields, validation, and UpdateQueue's field
// masks (snake_case or camelCase paths, whole messages or single leaves).
import { invalidArgument } from '../../common/index.ts';
import { burstFor, DEFAULT_RATE, MAX_CONCURRENT, MAX_RATE, type RateLimits } from './rate.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';

export type QueueState = 'RUNNING' | 'PAUSED' | 'DISABLED';

export interface AppEngineRouting {
  service?: string;
  version?: string;
  instance?: string;
  host?: string;
}

export interface Queue {
  name: string;
  state: QueueState;
  rateLimits: RateLimits;
  retryConfig: RetryPolicy;
  stackdriverLoggingConfig?: { samplingRatio: number };
  appEngineRoutingOverride?: AppEngineRouting;
  purgeTime?: number;
}

/** What a caller sends; an unset (or, proto3 being unable to tell, zero) field takes the default. */
export interface QueueInput {
  name?: string;
  rateLimits?: { maxDispatchesPerSecond?: number; maxConcurrentDispatches?: number };
  retryConfig?: Partial<RetryPolicy>;
  stackdriverLoggingConfig?: { samplingRatio?: number };
  appEngineRoutingOverride?: AppEngineRouting;
}

const LEAVES = {
  rateLimits: ['maxDispatchesPerSecond', 'maxConcurrentDispatches'],
  retryConfig: ['maxAttempts', 'maxRetryDurationMs', 'minBackoffMs', 'maxBackoffMs', 'maxDoublings'],
  stackdriverLoggingConfig: ['samplingRatio'],
} as const;
const WIRE_LEAF: Record<string, string> = {
  maxRetryDuration: 'maxRetryDurationMs',
  minBackoff: 'minBackoffMs',
  maxBackoff: 'maxBackoffMs',
};

const camel = (path: string) =>
  path.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^queue\./, '');
const given = (v: number | undefined): v is number => v !== undefined && v !== 0;

export function newQueue(name: string, input: QueueInput): Queue {
  const r = input.rateLimits ?? {};
  const rate = given(r.maxDispatchesPerSecond)
    ? r.maxDispatchesPerSecond
    : DEFAULT_RATE.maxDispatchesPerSecond;
  const retry = { ...DEFAULT_RETRY };
  for (const key of LEAVES.retryConfig) {
    const v = input.retryConfig?.[key];
    if (given(v)) retry[key] = v;
  }
  const queue: Queue = {
    name,
    state: 'RUNNING',
    rateLimits: {
      maxDispatchesPerSecond: rate,
      maxBurstSize: burstFor(rate),
      maxConcurrentDispatches: given(r.maxConcurrentDispatches)
        ? r.maxConcurrentDispatches
        : DEFAULT_RATE.maxConcurrentDispatches,
    },
    retryConfig: retry,
    ...(input.stackdriverLoggingConfig && {
      stackdriverLoggingConfig: { samplingRatio: input.stackdriverLoggingConfig.samplingRatio ?? 0 },
    }),
    ...(input.appEngineRoutingOverride && {
      appEngineRoutingOverride: { ...input.appEngineRoutingOverride },
    }),
  };
  return checkQueue(queue);
}

/**
 * UpdateQueue: with no mask every field the input carries is replaced; a mask names whole
 * messages (`retry_config`) or leaves (`retry_config.max_attempts`, taken as given, zero included).
 */
export function updateQueue(queue: Queue, input: QueueInput, mask?: string[]): Queue {
  const next: Queue = structuredClone(queue);
  const paths = mask?.length ? mask.map(camel) : Object.keys(input).filter((k) => k !== 'name');
  for (const path of paths) {
    const [head, leaf] = path.split('.') as [string, string | undefined];
    if (head === 'name') continue;
    if (head === 'appEngineRoutingOverride' && !leaf) {
      if (input.appEngineRoutingOverride)
        next.appEngineRoutingOverride = { ...input.appEngineRoutingOverride };
      else delete next.appEngineRoutingOverride;
      continue;
    }
    if (!(head in LEAVES)) throw invalidArgument(`update_mask path "${path}" is not a settable Queue field`);
    const group = head as keyof typeof LEAVES;
    const leaves: readonly string[] = LEAVES[group];
    const fresh = newQueue(queue.name, {})[group] ?? { samplingRatio: 0 };
    const source = (input[group] ?? {}) as Record<string, number | undefined>;
    const target = (next[group] ?? { samplingRatio: 0 }) as unknown as Record<string, number>;
    if (leaf) {
      const key = WIRE_LEAF[leaf] ?? leaf;
      if (!leaves.includes(key))
        throw invalidArgument(`update_mask path "${path}" is not a settable Queue field`);
      target[key] = source[key] ?? 0;
    } else {
      for (const key of leaves) {
        const v = source[key];
        target[key] = given(v) || group === 'stackdriverLoggingConfig' ? (v ?? 0) : (fresh as never)[key];
      }
    }
    (next as unknown as Record<string, unknown>)[group] = target;
  }
  next.rateLimits.maxBurstSize = burstFor(next.rateLimits.maxDispatchesPerSecond);
  return checkQueue(next);
}

function checkQueue(q: Queue): Queue {
  const { maxDispatchesPerSecond: rate, maxConcurrentDispatches: conc } = q.rateLimits;
  const r = q.retryConfig;
  const fail = (m: string) => {
    throw invalidArgument(m);
  };
  if (!(rate > 0 && rate <= MAX_RATE))
    fail(`max_dispatches_per_second must be in (0, ${MAX_RATE}], got ${rate}`);
  if (!Number.isInteger(conc) || conc < 1 || conc > MAX_CONCURRENT)
    fail(`max_concurrent_dispatches must be in [1, ${MAX_CONCURRENT}], got ${conc}`);
  if (!Number.isInteger(r.maxAttempts) || r.maxAttempts < -1)
    fail(`max_attempts must be >= -1, got ${r.maxAttempts}`);
  if (r.maxDoublings < 0) fail(`max_doublings must be >= 0, got ${r.maxDoublings}`);
  if (r.minBackoffMs < 0 || r.maxBackoffMs < 0 || r.maxRetryDurationMs < 0)
    fail('durations must not be negative');
  if (r.minBackoffMs > r.maxBackoffMs) fail('min_backoff must not be greater than max_backoff');
  const ratio = q.stackdriverLoggingConfig?.samplingRatio ?? 0;
  if (ratio < 0 || ratio > 1) fail(`sampling_ratio must be in [0, 1], got ${ratio}`);
  return q;
}
