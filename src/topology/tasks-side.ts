// Cloud Tasks queues through the official @google-cloud/tasks client: the `queues:` entries of
// devkit.yaml as flat specs (one field per setting, so an unset one stays unmanaged), listing
// them as resources, and carrying out one planned change (create, masked update, delete).
import type { CloudTasksClient } from '@google-cloud/tasks';
import { z } from 'zod';
import { fromProtoDuration, toProtoDuration } from './duration.ts';
import type { Change, Resource, Spec } from './resources.ts';

// biome-ignore lint/suspicious/noExplicitAny: protobuf messages as the client returns them, read field by field.
type Proto = Record<string, any>;

/** The zod shape of one `queues:` entry; `duration` is the schema's seconds-valued duration. */
export function queueSchema(duration: z.ZodType<number, unknown>) {
  return z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'expected 1-100 letters, digits or hyphens'),
    rateLimits: z
      .strictObject({
        maxDispatchesPerSecond: z.number().gt(0).max(500).optional(),
        maxConcurrentDispatches: z.number().int().min(1).max(5000).optional(),
      })
      .optional(),
    retryConfig: z
      .strictObject({
        maxAttempts: z.number().int().min(-1).optional(),
        maxRetryDuration: duration.optional(),
        minBackoff: duration.optional(),
        maxBackoff: duration.optional(),
        maxDoublings: z.number().int().min(0).optional(),
      })
      .optional(),
    stackdriverLoggingConfig: z.strictObject({ samplingRatio: z.number().min(0).max(1) }).optional(),
  });
}

export interface QueueEntry {
  name: string;
  rateLimits?: { maxDispatchesPerSecond?: number; maxConcurrentDispatches?: number };
  retryConfig?: {
    maxAttempts?: number;
    maxRetryDuration?: number;
    minBackoff?: number;
    maxBackoff?: number;
    maxDoublings?: number;
  };
  stackdriverLoggingConfig?: { samplingRatio: number };
}

/** Spec field → UpdateQueue mask path. */
const MASK: Record<string, string> = {
  maxDispatchesPerSecond: 'rate_limits.max_dispatches_per_second',
  maxConcurrentDispatches: 'rate_limits.max_concurrent_dispatches',
  maxAttempts: 'retry_config.max_attempts',
  maxRetryDuration: 'retry_config.max_retry_duration',
  minBackoff: 'retry_config.min_backoff',
  maxBackoff: 'retry_config.max_backoff',
  maxDoublings: 'retry_config.max_doublings',
  samplingRatio: 'stackdriver_logging_config.sampling_ratio',
};

export function queueSpec(q: Omit<QueueEntry, 'name'>): Spec {
  return {
    maxDispatchesPerSecond: q.rateLimits?.maxDispatchesPerSecond,
    maxConcurrentDispatches: q.rateLimits?.maxConcurrentDispatches,
    maxAttempts: q.retryConfig?.maxAttempts,
    maxRetryDuration: q.retryConfig?.maxRetryDuration,
    minBackoff: q.retryConfig?.minBackoff,
    maxBackoff: q.retryConfig?.maxBackoff,
    maxDoublings: q.retryConfig?.maxDoublings,
    samplingRatio: q.stackdriverLoggingConfig?.samplingRatio,
  };
}

export async function readTasks(client: CloudTasksClient, parent: string): Promise<Resource[]> {
  const [queues] = await client.listQueues({ parent });
  return queues.map((queue) => {
    const q = queue as Proto;
    const r = (q.retryConfig ?? {}) as Proto;
    const spec = queueSpec({
      rateLimits: q.rateLimits ?? {},
      retryConfig: {
        maxAttempts: r.maxAttempts,
        maxRetryDuration: fromProtoDuration(r.maxRetryDuration) ?? 0,
        minBackoff: fromProtoDuration(r.minBackoff),
        maxBackoff: fromProtoDuration(r.maxBackoff),
        maxDoublings: r.maxDoublings ?? 0,
      },
      stackdriverLoggingConfig: { samplingRatio: q.stackdriverLoggingConfig?.samplingRatio ?? 0 },
    });
    return { kind: 'queue', name: String(q.name).split('/').pop()!, spec };
  });
}

function queueMessage(name: string, s: Spec): Proto {
  const d = (v: unknown) => (v === undefined ? undefined : toProtoDuration(v as number));
  return {
    name,
    rateLimits: {
      maxDispatchesPerSecond: s.maxDispatchesPerSecond,
      maxConcurrentDispatches: s.maxConcurrentDispatches,
    },
    retryConfig: {
      maxAttempts: s.maxAttempts,
      maxRetryDuration: d(s.maxRetryDuration),
      minBackoff: d(s.minBackoff),
      maxBackoff: d(s.maxBackoff),
      maxDoublings: s.maxDoublings,
    },
    ...(s.samplingRatio !== undefined && { stackdriverLoggingConfig: { samplingRatio: s.samplingRatio } }),
  };
}

export async function applyTasksChange(
  client: CloudTasksClient,
  parent: string,
  change: Change,
): Promise<void> {
  const name = `${parent}/queues/${change.name}`;
  if (change.action === 'delete') await client.deleteQueue({ name });
  if (change.action === 'create')
    await client.createQueue({ parent, queue: queueMessage(name, change.desired!.spec) });
  if (change.action === 'update' || change.action === 'replace') {
    // Every queue field can be updated in place; only the fields that differ go in the mask.
    const paths = change.fields.map((field) => MASK[field] as string);
    await client.updateQueue({ queue: queueMessage(name, change.desired!.spec), updateMask: { paths } });
  }
}
