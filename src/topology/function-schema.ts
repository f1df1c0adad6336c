// devkit.yaml `functions:` entries: what `gcloud functions deploy` takes, with the Cloud Functions
// API's field names. `devkit start` (and `devkit apply` against a stack) deploys them to the local
// Functions host; they are not applied to GCP (deploy there with gcloud).
import { z } from 'zod';
import { parseDuration } from './duration.ts';

const seconds = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : parseDuration(value);
  if (n === undefined || n < 1 || n > 3600) {
    ctx.addIssue({ code: 'custom', message: 'expected a timeout such as 60s or 9m (1s-3600s)' });
    return z.NEVER;
  }
  return n;
});

export const functionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z][\w-]{0,62}$/, 'expected a letter, then letters, digits, - or _ (63 at most)'),
    runtime: z
      .string()
      .regex(/^(nodejs(20|22|24)|python3\d+)$/, 'expected nodejs20, nodejs22, nodejs24 or python3xx'),
    entryPoint: z.string().optional(),
    /** Folder with the code, relative to devkit.yaml (default: its folder). */
    source: z.string().optional(),
    httpsTrigger: z.strictObject({}).optional(),
    eventTrigger: z
      .strictObject({
        /** google.pubsub.topic.publish or google.storage.object.finalize|delete|archive|metadataUpdate */
        eventType: z.string(),
        /** The topic (id or projects/P/topics/T) or bucket. */
        resource: z.string(),
        /** Redeliver a failed event (gcloud --retry). */
        retry: z.boolean().optional(),
      })
      .optional(),
    /** `event` (1st gen background functions, default) or `cloudevent` (gcloud --gen2). */
    signatureType: z.enum(['event', 'cloudevent']).optional(),
    environmentVariables: z.record(z.string(), z.string()).optional(),
    timeout: seconds.optional(),
  })
  .refine((f) => (f.httpsTrigger ? 1 : 0) + (f.eventTrigger ? 1 : 0) === 1, {
    message: 'a function needs exactly one trigger: httpsTrigger or eventTrigger',
  });

export type FunctionEntry = z.output<typeof functionSchema>;
