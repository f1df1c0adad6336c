// The devkit.yaml schema: field names follow the Google APIs (camelCase), unknown keys are errors
// so a typo is reported at its line instead of being silently ignored.
import { z } from 'zod';
import { parseDuration } from './duration.ts';
import { functionSchema } from './function-schema.ts';
import { queueSchema } from './tasks-side.ts';

const pubsubName = z
  .string()
  .regex(
    /^(projects\/[a-z][a-z0-9.:-]*\/(topics|subscriptions)\/)?[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/,
    'expected a name of 3-255 letters, digits or - _ . ~ + %, starting with a letter',
  )
  .refine((name) => !name.startsWith('goog'), 'names must not start with "goog"');
const labels = z.record(
  z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected a lowercase label key'),
  z.string(),
);
const duration = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
  const seconds = typeof value === 'number' ? value : parseDuration(value);
  if (seconds === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as 10s, 500ms, 5m, 7d' });
    return z.NEVER;
  }
  return seconds;
});

export const topicSchema = z.strictObject({
  name: pubsubName,
  labels: labels.optional(),
  messageRetentionDuration: duration.optional(),
});

export const subscriptionSchema = z.strictObject({
  name: pubsubName,
  topic: pubsubName,
  ackDeadlineSeconds: z.number().int().min(10).max(600).optional(),
  filter: z.string().max(256).optional(),
  enableMessageOrdering: z.boolean().optional(),
  enableExactlyOnceDelivery: z.boolean().optional(),
  retainAckedMessages: z.boolean().optional(),
  messageRetentionDuration: duration.optional(),
  labels: labels.optional(),
  deadLetterPolicy: z
    .strictObject({
      deadLetterTopic: pubsubName,
      maxDeliveryAttempts: z.number().int().min(5).max(100).optional(),
    })
    .optional(),
  retryPolicy: z
    .strictObject({ minimumBackoff: duration.optional(), maximumBackoff: duration.optional() })
    .optional(),
  pushConfig: z.strictObject({ pushEndpoint: z.url({ protocol: /^https?$/ }) }).optional(),
});

const eventType = z.enum(['OBJECT_FINALIZE', 'OBJECT_METADATA_UPDATE', 'OBJECT_DELETE', 'OBJECT_ARCHIVE']);
export const notificationSchema = z.strictObject({
  topic: pubsubName,
  eventTypes: z.array(eventType).optional(),
  objectNamePrefix: z.string().optional(),
  payloadFormat: z.enum(['JSON_API_V1', 'NONE']).optional(),
  customAttributes: z.record(z.string(), z.string()).optional(),
});

export const bucketSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, 'expected 3-63 lowercase letters, digits, - _ or .'),
  versioning: z.boolean().optional(),
  labels: labels.optional(),
  notifications: z.array(notificationSchema).optional(),
});

export const jobSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,500}$/, 'expected letters, digits, - or _'),
    schedule: z.string().min(1),
    timeZone: z.string().optional(),
    description: z.string().optional(),
    attemptDeadline: duration.optional(),
    pubsubTarget: z
      .strictObject({
        topic: pubsubName,
        data: z.string().optional(),
        attributes: z.record(z.string(), z.string()).optional(),
      })
      .refine((t) => Boolean(t.data) || Object.keys(t.attributes ?? {}).length > 0, {
        message: 'a Pub/Sub target needs non-empty data or at least one attribute',
      })
      .optional(),
    httpTarget: z
      .strictObject({
        uri: z.url({ protocol: /^https?$/ }),
        httpMethod: z.enum(['POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']).optional(),
        body: z.string().optional(),
      })
      .optional(),
    retryConfig: z
      .strictObject({
        retryCount: z.number().int().min(0).max(5).optional(),
        maxRetryDuration: duration.optional(),
        minBackoffDuration: duration.optional(),
        maxBackoffDuration: duration.optional(),
        maxDoublings: z.number().int().min(0).optional(),
      })
      .optional(),
  })
  .refine((job) => (job.pubsubTarget ? 1 : 0) + (job.httpTarget ? 1 : 0) === 1, {
    message: 'a job needs exactly one target: pubsubTarget or httpTarget',
  });

export const topologySchema = z
  .strictObject({
    project: z.string().optional(),
    topics: z.array(topicSchema).optional(),
    subscriptions: z.array(subscriptionSchema).optional(),
    buckets: z.array(bucketSchema).optional(),
    jobs: z.array(jobSchema).optional(),
    /** Cloud Tasks queues (in the Scheduler location, SCHEDULER_LOCATION). */
    queues: z.array(queueSchema(duration)).optional(),
    /** Functions the local stack hosts (see function-schema.ts). */
    functions: z.array(functionSchema).optional(),
    /** The project's scenario files or folders for `devkit scenario`, relative to this file. */
    scenarios: z.array(z.string().min(1)).optional(),
  })
  .superRefine((file, ctx) => {
    // Two entries with one name would make the plan depend on their order: reject the second.
    for (const list of ['topics', 'subscriptions', 'buckets', 'jobs', 'functions', 'queues'] as const) {
      const seen = new Set<string>();
      file[list]?.forEach((entry, index) => {
        if (seen.has(entry.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'name'],
            message: `duplicate name "${entry.name}"`,
          });
        }
        seen.add(entry.name);
      });
    }
  });

/** A validated devkit.yaml, durations already in seconds. */
export type TopologyFile = z.output<typeof topologySchema>;
