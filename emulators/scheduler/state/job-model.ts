// The Job resource as the emulator stores it: proto field names in camelCase, bytes as Buffers,
// durations and timestamps as epoch/duration milliseconds. Codecs convert at the edges.
import type { RetryPolicy } from './backoff.ts';

export type JobState = 'ENABLED' | 'PAUSED' | 'DISABLED' | 'UPDATE_FAILED';
export type HttpMethod = 'POST' | 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';
export const HTTP_METHODS: readonly HttpMethod[] = [
  'POST',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
];

export interface PubsubTarget {
  topicName: string;
  data: Buffer;
  attributes: Record<string, string>;
}

export interface HttpTarget {
  uri: string;
  httpMethod: HttpMethod;
  headers: Record<string, string>;
  body: Buffer;
  oauthToken?: { serviceAccountEmail: string; scope: string };
  oidcToken?: { serviceAccountEmail: string; audience: string };
}

export interface AppEngineRouting {
  service: string;
  version: string;
  instance: string;
  host: string;
}

export interface AppEngineHttpTarget {
  httpMethod: HttpMethod;
  appEngineRouting?: AppEngineRouting;
  relativeUri: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** google.rpc.Status of the last attempt (code 0 = OK). */
export interface AttemptStatus {
  code: number;
  message: string;
  /** The target's HTTP response code, when there was one (kept off the wire). */
  httpStatus?: number;
}

/** The user-settable part of a job. Exactly one target is set on a valid job. */
export interface JobSpec {
  description: string;
  pubsubTarget?: PubsubTarget;
  httpTarget?: HttpTarget;
  appEngineHttpTarget?: AppEngineHttpTarget;
  schedule: string;
  timeZone: string;
  retryConfig: RetryPolicy;
  /** Absent for Pub/Sub targets, where Google ignores it. */
  attemptDeadlineMs?: number;
}

export interface Job extends JobSpec {
  name: string;
  state: JobState;
  userUpdateTime: number;
  status?: AttemptStatus;
  /** Next run: a pending retry or the next scheduled time. Absent while paused. */
  scheduleTime?: number;
  lastAttemptTime?: number;
}

/**
 * A job as it arrives from a client: any field may be missing. `retryConfig` fields are partial
 * because proto3 cannot tell an explicit 0 from unset for max_doublings and retry_count.
 */
export type JobInput = Partial<Omit<JobSpec, 'retryConfig'>> & {
  name?: string;
  retryConfig?: Partial<RetryPolicy>;
};

export function targetKind(job: JobSpec): 'pubsub' | 'http' | 'appEngine' | undefined {
  if (job.pubsubTarget) return 'pubsub';
  if (job.httpTarget) return 'http';
  if (job.appEngineHttpTarget) return 'appEngine';
  return undefined;
}
