// The normalised spec of a Cloud Scheduler job, shared by devkit.yaml entries and listed jobs.
// Defaults are Cloud Scheduler's own, so a job the file leaves at defaults compares equal.
import { topicPath } from './names.ts';
import { type Loose, orUndefined } from './specs.ts';

export interface JobInput {
  schedule: string;
  timeZone: string;
  description: string;
  attemptDeadline: number;
  pubsubTarget: { topic: string; data?: string | null; attributes?: Record<string, string> | null };
  httpTarget: { uri: string; httpMethod?: string | null; body?: string | null };
  retryConfig: Loose<{
    retryCount: number;
    maxRetryDuration: number;
    minBackoffDuration: number;
    maxBackoffDuration: number;
    maxDoublings: number;
  }>;
}

export const RETRY_DEFAULTS = {
  retryCount: 0,
  maxRetryDuration: 0,
  minBackoffDuration: 5,
  maxBackoffDuration: 3600,
  maxDoublings: 5,
} as const;

export function jobSpec(project: string, j: Loose<JobInput>) {
  const retry = j.retryConfig ?? {};
  const pubsub = j.pubsubTarget;
  const http = j.httpTarget;
  return {
    schedule: j.schedule ?? '',
    // Cloud Scheduler accepts UTC and Etc/UTC as the same zone; compare them as one.
    timeZone: !j.timeZone || j.timeZone === 'Etc/UTC' ? 'UTC' : j.timeZone,
    description: j.description ?? '',
    attemptDeadline: orUndefined(j.attemptDeadline),
    pubsubTarget: pubsub?.topic
      ? {
          topicName: topicPath(project, pubsub.topic),
          data: pubsub.data ?? '',
          attributes: pubsub.attributes ?? {},
        }
      : null,
    httpTarget: http?.uri
      ? { uri: http.uri, httpMethod: http.httpMethod || 'POST', body: http.body ?? '' }
      : null,
    retryConfig: {
      retryCount: retry.retryCount ?? RETRY_DEFAULTS.retryCount,
      maxRetryDuration: retry.maxRetryDuration ?? RETRY_DEFAULTS.maxRetryDuration,
      minBackoffDuration: retry.minBackoffDuration ?? RETRY_DEFAULTS.minBackoffDuration,
      maxBackoffDuration: retry.maxBackoffDuration ?? RETRY_DEFAULTS.maxBackoffDuration,
      maxDoublings: retry.maxDoublings ?? RETRY_DEFAULTS.maxDoublings,
    },
  };
}
export type JobSpec = ReturnType<typeof jobSpec>;
