// Converts between proto-loader Job objects (camelCase, {seconds,nanos}, Buffers, enum names)
// and the stored Job model. Output-only fields on input are ignored, as the API does.
import {
  durationFromProto,
  durationToProto,
  type ProtoDuration,
  timestampToProto,
} from '../state/duration.ts';
import { HTTP_METHODS, type HttpMethod, type Job, type JobInput } from '../state/job-model.ts';

// biome-ignore lint/suspicious/noExplicitAny: proto-loader messages are untyped plain objects
type ProtoObject = Record<string, any>;

const method = (m: unknown): HttpMethod | undefined =>
  HTTP_METHODS.includes(m as HttpMethod) ? (m as HttpMethod) : undefined;
const buf = (b: unknown): Buffer | undefined => (b == null ? undefined : Buffer.from(b as Uint8Array));
const map = (m: unknown): Record<string, string> | undefined => (m ? { ...(m as object) } : undefined);
const dur = (d: unknown) => durationFromProto(d as ProtoDuration | undefined);

export function jobFromProto(p: ProtoObject | null | undefined): JobInput {
  if (!p) return {};
  const input: JobInput = {
    name: p.name || undefined,
    description: p.description,
    schedule: p.schedule,
    timeZone: p.timeZone,
    attemptDeadlineMs: dur(p.attemptDeadline),
  };
  if (p.retryConfig) {
    const r = p.retryConfig;
    input.retryConfig = {
      retryCount: r.retryCount,
      maxRetryDurationMs: dur(r.maxRetryDuration),
      minBackoffMs: dur(r.minBackoffDuration),
      maxBackoffMs: dur(r.maxBackoffDuration),
      maxDoublings: r.maxDoublings,
    };
  }
  if (p.pubsubTarget) {
    const t = p.pubsubTarget;
    input.pubsubTarget = {
      topicName: t.topicName ?? '',
      data: buf(t.data) ?? Buffer.alloc(0),
      attributes: map(t.attributes) ?? {},
    };
  }
  if (p.httpTarget) {
    const t = p.httpTarget;
    input.httpTarget = {
      uri: t.uri ?? '',
      httpMethod: method(t.httpMethod) as HttpMethod,
      headers: map(t.headers) as Record<string, string>,
      body: buf(t.body) as Buffer,
      ...(t.oauthToken ? { oauthToken: t.oauthToken } : {}),
      ...(t.oidcToken ? { oidcToken: t.oidcToken } : {}),
    };
  }
  if (p.appEngineHttpTarget) {
    const t = p.appEngineHttpTarget;
    input.appEngineHttpTarget = {
      httpMethod: method(t.httpMethod) as HttpMethod,
      relativeUri: t.relativeUri ?? '',
      headers: map(t.headers) as Record<string, string>,
      body: buf(t.body) as Buffer,
      ...(t.appEngineRouting ? { appEngineRouting: t.appEngineRouting } : {}),
    };
  }
  return input;
}

export function jobToProto(job: Job): ProtoObject {
  const r = job.retryConfig;
  const out: ProtoObject = {
    name: job.name,
    description: job.description,
    schedule: job.schedule,
    timeZone: job.timeZone,
    state: job.state,
    userUpdateTime: timestampToProto(job.userUpdateTime),
    retryConfig: {
      retryCount: r.retryCount,
      maxRetryDuration: durationToProto(r.maxRetryDurationMs),
      minBackoffDuration: durationToProto(r.minBackoffMs),
      maxBackoffDuration: durationToProto(r.maxBackoffMs),
      maxDoublings: r.maxDoublings,
    },
  };
  if (job.status) out.status = { code: job.status.code, message: job.status.message, details: [] };
  if (job.scheduleTime !== undefined) out.scheduleTime = timestampToProto(job.scheduleTime);
  if (job.lastAttemptTime !== undefined) out.lastAttemptTime = timestampToProto(job.lastAttemptTime);
  if (job.attemptDeadlineMs !== undefined) out.attemptDeadline = durationToProto(job.attemptDeadlineMs);
  if (job.pubsubTarget) out.pubsubTarget = job.pubsubTarget;
  if (job.httpTarget) out.httpTarget = job.httpTarget;
  if (job.appEngineHttpTarget) out.appEngineHttpTarget = job.appEngineHttpTarget;
  return out;
}
