// Proto3 JSON for the REST surface: durations as "10s", timestamps as RFC 3339, bytes as base64,
// enums as names. Mirrors grpc-codec.ts for the same Job model.
import { formatDuration } from '../state/duration.ts';
import {
  type AppEngineRouting,
  HTTP_METHODS,
  type HttpMethod,
  type Job,
  type JobInput,
} from '../state/job-model.ts';
import { bytes, duration, enumName, int, obj, str, strMap } from './json-fields.ts';

// biome-ignore lint/suspicious/noExplicitAny: the output side is a plain JSON object
type Json = Record<string, any>;

const time = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function jobFromJson(value: unknown, at = 'job'): JobInput {
  const j = obj(value, at);
  if (!j) return {};
  const input: JobInput = {
    name: str(j.name, `${at}.name`) || undefined,
    description: str(j.description, `${at}.description`),
    schedule: str(j.schedule, `${at}.schedule`),
    timeZone: str(j.timeZone, `${at}.time_zone`),
    attemptDeadlineMs: duration(j.attemptDeadline, `${at}.attempt_deadline`),
  };
  const r = obj(j.retryConfig, `${at}.retry_config`);
  if (r) {
    input.retryConfig = {
      retryCount: int(r.retryCount, `${at}.retry_config.retry_count`),
      maxRetryDurationMs: duration(r.maxRetryDuration, `${at}.retry_config.max_retry_duration`),
      minBackoffMs: duration(r.minBackoffDuration, `${at}.retry_config.min_backoff_duration`),
      maxBackoffMs: duration(r.maxBackoffDuration, `${at}.retry_config.max_backoff_duration`),
      maxDoublings: int(r.maxDoublings, `${at}.retry_config.max_doublings`),
    };
  }
  const p = obj(j.pubsubTarget, `${at}.pubsub_target`);
  if (p) {
    input.pubsubTarget = {
      topicName: str(p.topicName, `${at}.pubsub_target.topic_name`) ?? '',
      data: bytes(p.data, `${at}.pubsub_target.data`) ?? Buffer.alloc(0),
      attributes: strMap(p.attributes, `${at}.pubsub_target.attributes`) ?? {},
    };
  }
  const h = obj(j.httpTarget, `${at}.http_target`);
  if (h) {
    input.httpTarget = {
      uri: str(h.uri, `${at}.http_target.uri`) ?? '',
      httpMethod: enumName(h.httpMethod, `${at}.http_target.http_method`, HTTP_METHODS) as HttpMethod,
      headers: strMap(h.headers, `${at}.http_target.headers`) as Record<string, string>,
      body: bytes(h.body, `${at}.http_target.body`) as Buffer,
    };
    // The authorization_header oneof: kept so the target's token is sent (and survives jobs.json).
    const oauth = obj(h.oauthToken, `${at}.http_target.oauth_token`);
    const oidc = obj(h.oidcToken, `${at}.http_target.oidc_token`);
    if (oauth) {
      input.httpTarget.oauthToken = {
        serviceAccountEmail:
          str(oauth.serviceAccountEmail, `${at}.http_target.oauth_token.service_account_email`) ?? '',
        scope: str(oauth.scope, `${at}.http_target.oauth_token.scope`) ?? '',
      };
    }
    if (oidc) {
      input.httpTarget.oidcToken = {
        serviceAccountEmail:
          str(oidc.serviceAccountEmail, `${at}.http_target.oidc_token.service_account_email`) ?? '',
        audience: str(oidc.audience, `${at}.http_target.oidc_token.audience`) ?? '',
      };
    }
  }
  const a = obj(j.appEngineHttpTarget, `${at}.app_engine_http_target`);
  if (a) {
    const where = `${at}.app_engine_http_target`;
    const routing = strMap(a.appEngineRouting, `${where}.app_engine_routing`);
    input.appEngineHttpTarget = {
      httpMethod: enumName(a.httpMethod, `${where}.http_method`, HTTP_METHODS) as HttpMethod,
      relativeUri: str(a.relativeUri, `${where}.relative_uri`) ?? '',
      headers: strMap(a.headers, `${where}.headers`) as Record<string, string>,
      body: bytes(a.body, `${where}.body`) as Buffer,
      ...(routing ? { appEngineRouting: routing as unknown as AppEngineRouting } : {}),
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
