// Validation and defaults for the user-settable part of a job, and UpdateJob's field mask.
// Every rule answers INVALID_ARGUMENT with a message naming the field, as the API does.
import { checkTargetHeaderSize, invalidArgument, MAX_TARGET_URI_LENGTH } from '../../common/index.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
import { DEFAULT_TIME_ZONE, parseSchedule } from './cron.ts';
import type { HttpMethod, JobInput, JobSpec } from './job-model.ts';
import { topicProject } from './names.ts';

const MIN_DEADLINE = 15_000;
const HTTP_MAX_DEADLINE = 30 * 60_000;
const APP_ENGINE_MAX_DEADLINE = 24 * 3_600_000 + 15_000;
export const DEFAULT_HTTP_DEADLINE = 180_000;

/** Fills defaults and checks a complete job spec for `project`. */
export function normalizeSpec(input: JobInput, project: string): JobSpec {
  const targets = [input.pubsubTarget, input.httpTarget, input.appEngineHttpTarget].filter(Boolean);
  if (targets.length !== 1) throw invalidArgument('Job must have exactly one target');
  if (!input.schedule || typeof input.schedule !== 'string')
    throw invalidArgument('Job.schedule is required');
  const description = input.description ?? '';
  if (description.length > 500) throw invalidArgument('Job.description must be at most 500 characters');
  const timeZone = input.timeZone || DEFAULT_TIME_ZONE;
  parseSchedule(input.schedule, timeZone);
  const spec: JobSpec = {
    description,
    schedule: input.schedule.trim(),
    timeZone,
    retryConfig: normalizeRetry(input.retryConfig),
  };
  if (input.pubsubTarget) {
    const t = input.pubsubTarget;
    if (topicProject(t.topicName) !== project) {
      throw invalidArgument('PubsubTarget.topic_name must be in the same project as the job');
    }
    const attributes = t.attributes ?? {};
    if ((t.data?.length ?? 0) === 0 && Object.keys(attributes).length === 0) {
      throw invalidArgument('Pubsub message must contain either non-empty data, or at least one attribute');
    }
    spec.pubsubTarget = { topicName: t.topicName, data: t.data ?? Buffer.alloc(0), attributes };
  }
  if (input.httpTarget) {
    const t = input.httpTarget;
    if (!/^https?:\/\/[^/]+/.test(t.uri ?? '')) {
      throw invalidArgument('HttpTarget.uri must start with "http://" or "https://"');
    }
    // target.proto: "The maximum allowed URL length is 2083 characters after encoding."
    if (encodedLength(t.uri as string) > MAX_TARGET_URI_LENGTH) {
      throw invalidArgument(`HttpTarget.uri must be at most ${MAX_TARGET_URI_LENGTH} characters`);
    }
    const httpMethod = t.httpMethod ?? 'POST';
    checkBody(httpMethod, t.body, ['POST', 'PUT', 'PATCH'], 'HttpTarget');
    checkHeaders(t.headers, 'HttpTarget');
    checkTargetHeaderSize('HttpTarget', t.headers); // AppEngineHttpTarget states no header limit
    spec.httpTarget = { ...t, httpMethod, headers: t.headers ?? {}, body: t.body ?? Buffer.alloc(0) };
    spec.attemptDeadlineMs =
      checkDeadline(input.attemptDeadlineMs, HTTP_MAX_DEADLINE) ?? DEFAULT_HTTP_DEADLINE;
  }
  if (input.appEngineHttpTarget) {
    const t = input.appEngineHttpTarget;
    const httpMethod = t.httpMethod ?? 'POST';
    if (httpMethod === 'PATCH' || httpMethod === 'OPTIONS') {
      throw invalidArgument(`AppEngineHttpTarget.http_method ${httpMethod} is not permitted`);
    }
    checkBody(httpMethod, t.body, ['POST', 'PUT'], 'AppEngineHttpTarget');
    checkHeaders(t.headers, 'AppEngineHttpTarget');
    const relativeUri = t.relativeUri || '/';
    if (!relativeUri.startsWith('/') || /\s/.test(relativeUri)) {
      throw invalidArgument('AppEngineHttpTarget.relative_uri must start with "/" and contain no spaces');
    }
    if (relativeUri.length > MAX_TARGET_URI_LENGTH) {
      throw invalidArgument(
        `AppEngineHttpTarget.relative_uri must be at most ${MAX_TARGET_URI_LENGTH} characters`,
      );
    }
    spec.appEngineHttpTarget = {
      ...t,
      httpMethod,
      relativeUri,
      headers: t.headers ?? {},
      body: t.body ?? Buffer.alloc(0),
    };
    const deadline = checkDeadline(input.attemptDeadlineMs || undefined, APP_ENGINE_MAX_DEADLINE);
    if (deadline !== undefined) spec.attemptDeadlineMs = deadline;
  }
  return spec;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Length after percent-encoding; a string that cannot be encoded (lone surrogate) is too long. */
function encodedLength(uri: string): number {
  try {
    return encodeURI(uri).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function checkHeaders(headers: Record<string, string> | undefined, where: string) {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!TOKEN.test(name) || /[\r\n\0]/.test(String(value))) {
      throw invalidArgument(`${where}.headers has an invalid header: ${JSON.stringify(name)}`);
    }
  }
}

function checkBody(method: HttpMethod, body: Buffer | undefined, allowed: HttpMethod[], where: string) {
  if ((body?.length ?? 0) > 0 && !allowed.includes(method)) {
    throw invalidArgument(`${where}.body is allowed only for ${allowed.join(', ')} requests, not ${method}`);
  }
}

function checkDeadline(ms: number | undefined, max: number): number | undefined {
  if (ms === undefined) return undefined;
  if (ms < MIN_DEADLINE || ms > max) {
    throw invalidArgument(`Job.attempt_deadline must be between 15s and ${max / 1000}s, got ${ms / 1000}s`);
  }
  return ms;
}

/** Unset (or, in proto3, zero) fields take Google's defaults; out-of-range values are refused. */
export function normalizeRetry(input: Partial<RetryPolicy> | undefined): RetryPolicy {
  const p: RetryPolicy = {
    retryCount: input?.retryCount ?? DEFAULT_RETRY.retryCount,
    maxRetryDurationMs: input?.maxRetryDurationMs ?? DEFAULT_RETRY.maxRetryDurationMs,
    minBackoffMs: input?.minBackoffMs ?? DEFAULT_RETRY.minBackoffMs,
    maxBackoffMs: input?.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs,
    maxDoublings: input?.maxDoublings || DEFAULT_RETRY.maxDoublings,
  };
  if (!Number.isInteger(p.retryCount) || p.retryCount < 0 || p.retryCount > 5) {
    throw invalidArgument(`RetryConfig.retry_count must be between 0 and 5, got ${p.retryCount}`);
  }
  if (p.maxDoublings < 0) throw invalidArgument('RetryConfig.max_doublings must not be negative');
  if (p.maxRetryDurationMs < 0 || p.minBackoffMs < 0 || p.maxBackoffMs < 0) {
    throw invalidArgument('RetryConfig durations must not be negative');
  }
  if (p.minBackoffMs > p.maxBackoffMs) {
    throw invalidArgument('RetryConfig.min_backoff_duration must not exceed max_backoff_duration');
  }
  return p;
}

const TOP_FIELDS = new Set([
  'description',
  'schedule',
  'timeZone',
  'retryConfig',
  'attemptDeadline',
  'pubsubTarget',
  'httpTarget',
  'appEngineHttpTarget',
]);
const TARGETS = ['pubsubTarget', 'httpTarget', 'appEngineHttpTarget'] as const;

const SUB_ALIAS: Record<string, string> = {
  maxRetryDuration: 'maxRetryDurationMs',
  minBackoffDuration: 'minBackoffMs',
  maxBackoffDuration: 'maxBackoffMs',
};

const camel = (path: string) => path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The input UpdateJob stores: with a mask, masked fields (top level or one level down) come from
 * `patch`, the rest from `current`; without one, every field `patch` sets replaces the current one.
 */
export function applyUpdate(current: JobInput, patch: JobInput, mask: string[] | undefined): JobInput {
  const next: Record<string, unknown> = { ...current };
  const src = patch as Record<string, unknown>;
  const paths = mask?.length ? mask.map(camel) : Object.keys(src).filter((k) => src[k] !== undefined);
  for (const path of paths) {
    const [top, sub] = path.split('.') as [string, string | undefined];
    const key = top === 'attemptDeadline' ? 'attemptDeadlineMs' : top;
    if (!TOP_FIELDS.has(top) && !['attemptDeadlineMs', 'name'].includes(top)) {
      throw invalidArgument(`Invalid update_mask path "${path}"`);
    }
    if (top === 'name') continue;
    if ((TARGETS as readonly string[]).includes(top) && sub === undefined) {
      // A masked target the patch leaves unset is cleared; one it sets replaces any other kind,
      // so ["pubsub_target", "http_target"] switches kinds in either order.
      if (src[key] === undefined) delete next[key];
      else for (const t of TARGETS) next[t] = t === key ? src[key] : undefined;
    } else if (sub === undefined) {
      next[key] = src[key];
    } else {
      const field = SUB_ALIAS[sub] ?? sub;
      next[key] = {
        ...(next[key] as object),
        [field]: (src[key] as Record<string, unknown> | undefined)?.[field],
      };
    }
  }
  return next as JobInput;
}
