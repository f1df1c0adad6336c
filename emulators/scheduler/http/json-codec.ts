// Proto3 JSON for the REST surface: durations as "10s", timestamps as RFC 3339, bytes as base64,
// enums as names. Mirrors grpc-codec.ts for the same Job model.
import { invalidArgument } from '../../common/index.ts';
import { formatDuration } from '../state/duration.ts';
import { HTTP_METHODS, type HttpMethod, type Job, type JobInput } from '../state/job-model.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are untyped until checked here
type Json = Record<string, any>;

function duration(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const m = typeof value === 'string' ? /^(-?\d+(?:\.\d{1,9})?)s$/.exec(value) : null;
  if (!m) throw invalidArgument(`Invalid value at '${field}': expected a duration like "10s"`);
  return Math.round(Number(m[1]) * 1000);
}

const bytes = (value: unknown): Buffer | undefined =>
  typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
const method = (m: unknown): HttpMethod | undefined =>
  HTTP_METHODS.includes(m as HttpMethod) ? (m as HttpMethod) : undefined;
const time = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function jobFromJson(j: Json | undefined): JobInput {
  if (!j || typeof j !== 'object') return {};
  const input: JobInput = {
    name: j.name || undefined,
    description: j.description,
    schedule: j.schedule,
    timeZone: j.timeZone,
    attemptDeadlineMs: duration(j.attemptDeadline, 'job.attempt_deadline'),
  };
  if (j.retryConfig) {
    const r = j.retryConfig;
    input.retryConfig = {
      retryCount: r.retryCount,
      maxRetryDurationMs: duration(r.maxRetryDuration, 'job.retry_config.max_retry_duration'),
      minBackoffMs: duration(r.minBackoffDuration, 'job.retry_config.min_backoff_duration'),
      maxBackoffMs: duration(r.maxBackoffDuration, 'job.retry_config.max_backoff_duration'),
      maxDoublings: r.maxDoublings,
    };
  }
  if (j.pubsubTarget) {
    const t = j.pubsubTarget;
    input.pubsubTarget = {
      topicName: t.topicName ?? '',
      data: bytes(t.data) ?? Buffer.alloc(0),
      attributes: t.attributes ?? {},
    };
  }
  if (j.httpTarget) {
    const t = j.httpTarget;
    input.httpTarget = {
      uri: t.uri ?? '',
      httpMethod: method(t.httpMethod) as HttpMethod,
      headers: t.headers,
      body: bytes(t.body) as Buffer,
    };
  }
  if (j.appEngineHttpTarget) {
    const t = j.appEngineHttpTarget;
    input.appEngineHttpTarget = {
      httpMethod: method(t.httpMethod) as HttpMethod,
      relativeUri: t.relativeUri ?? '',
      headers: t.headers,
      body: bytes(t.body) as Buffer,
      ...(t.appEngineRouting ? { appEngineRouting: t.appEngineRouting } : {}),
    };
  }
  return input;
}

export function jobToJson(job: Job): Json {
  const r = job.retryConfig;
  const b64 = (b: Buffer) => (b.length ? b.toString('base64') : undefined);
  return {
    name: job.name,
    ...(job.description ? { description: job.description } : {}),
    ...(job.pubsubTarget && {
      pubsubTarget: {
        topicName: job.pubsubTarget.topicName,
        data: b64(job.pubsubTarget.data),
        attributes: job.pubsubTarget.attributes,
      },
    }),
    ...(job.httpTarget && {
      httpTarget: { ...job.httpTarget, body: b64(job.httpTarget.body) },
    }),
    ...(job.appEngineHttpTarget && {
      appEngineHttpTarget: { ...job.appEngineHttpTarget, body: b64(job.appEngineHttpTarget.body) },
    }),
    schedule: job.schedule,
    timeZone: job.timeZone,
    userUpdateTime: time(job.userUpdateTime),
    state: job.state,
    ...(job.status && {
      status: job.status.code ? { code: job.status.code, message: job.status.message } : {},
    }),
    scheduleTime: time(job.scheduleTime),
    lastAttemptTime: time(job.lastAttemptTime),
    retryConfig: {
      retryCount: r.retryCount,
      maxRetryDuration: formatDuration(r.maxRetryDurationMs),
      minBackoffDuration: formatDuration(r.minBackoffMs),
      maxBackoffDuration: formatDuration(r.maxBackoffMs),
      maxDoublings: r.maxDoublings,
    },
    ...(job.attemptDeadlineMs !== undefined && { attemptDeadline: formatDuration(job.attemptDeadlineMs) }),
  };
}
