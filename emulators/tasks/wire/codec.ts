// Queue and Task between the proto-loader object shape ({seconds,nanos}, Buffers, enum names) and
// the state models. Output-only fields on input are ignored, as the API does; the BASIC view
// leaves request bodies out.
import type { Queue, QueueInput } from '../state/queue-model.ts';
import type { AttemptRecord, HttpMethod, Task, TaskInput } from '../state/task-model.ts';

// biome-ignore lint/suspicious/noExplicitAny: proto-loader messages are untyped plain objects
type Obj = Record<string, any>;

export type TaskView = 'BASIC' | 'FULL';

export const msFromProto = (d: Obj | null | undefined): number | undefined =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.round(Number(d.nanos ?? 0) / 1e6) : undefined;
export const msToProto = (ms: number) => {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
};
const method = (m: unknown) => (m && m !== 'HTTP_METHOD_UNSPECIFIED' ? (m as HttpMethod) : undefined);
const buf = (b: unknown) => (b == null ? undefined : Buffer.from(b as Uint8Array));

export function queueFromProto(p: Obj | null | undefined): QueueInput {
  if (!p) return {};
  const input: QueueInput = { name: p.name || undefined };
  if (p.rateLimits) {
    input.rateLimits = {
      maxDispatchesPerSecond: p.rateLimits.maxDispatchesPerSecond,
      maxConcurrentDispatches: p.rateLimits.maxConcurrentDispatches,
    };
  }
  if (p.retryConfig) {
    const r = p.retryConfig;
    input.retryConfig = {
      maxAttempts: r.maxAttempts,
      maxRetryDurationMs: msFromProto(r.maxRetryDuration),
      minBackoffMs: msFromProto(r.minBackoff),
      maxBackoffMs: msFromProto(r.maxBackoff),
      maxDoublings: r.maxDoublings,
    };
  }
  if (p.stackdriverLoggingConfig) {
    input.stackdriverLoggingConfig = { samplingRatio: p.stackdriverLoggingConfig.samplingRatio ?? 0 };
  }
  if (p.appEngineRoutingOverride) input.appEngineRoutingOverride = { ...p.appEngineRoutingOverride };
  return input;
}

export function queueToProto(q: Queue): Obj {
  const r = q.retryConfig;
  return {
    name: q.name,
    rateLimits: { ...q.rateLimits },
    retryConfig: {
      maxAttempts: r.maxAttempts,
      maxRetryDuration: msToProto(r.maxRetryDurationMs),
      minBackoff: msToProto(r.minBackoffMs),
      maxBackoff: msToProto(r.maxBackoffMs),
      maxDoublings: r.maxDoublings,
    },
    state: q.state,
    ...(q.purgeTime !== undefined && { purgeTime: msToProto(q.purgeTime) }),
    ...(q.stackdriverLoggingConfig && { stackdriverLoggingConfig: { ...q.stackdriverLoggingConfig } }),
    ...(q.appEngineRoutingOverride && { appEngineRoutingOverride: { ...q.appEngineRoutingOverride } }),
  };
}

export function taskFromProto(p: Obj | null | undefined): TaskInput {
  if (!p) return {};
  const input: TaskInput = {
    name: p.name || undefined,
    scheduleTime: msFromProto(p.scheduleTime),
    dispatchDeadlineMs: msFromProto(p.dispatchDeadline),
  };
  if (p.httpRequest) {
    const h = p.httpRequest;
    input.httpRequest = {
      url: h.url ?? '',
      httpMethod: method(h.httpMethod),
      headers: h.headers ? { ...h.headers } : {},
      body: buf(h.body),
      ...(h.oauthToken && {
        oauthToken: {
          serviceAccountEmail: h.oauthToken.serviceAccountEmail ?? '',
          scope: h.oauthToken.scope,
        },
      }),
      ...(h.oidcToken && {
        oidcToken: {
          serviceAccountEmail: h.oidcToken.serviceAccountEmail ?? '',
          audience: h.oidcToken.audience,
        },
      }),
    };
  }
  if (p.appEngineHttpRequest) {
    const a = p.appEngineHttpRequest;
    input.appEngineHttpRequest = {
      httpMethod: method(a.httpMethod),
      relativeUri: a.relativeUri ?? '',
      headers: a.headers ? { ...a.headers } : {},
      body: buf(a.body),
      ...(a.appEngineRouting && { appEngineRouting: { ...a.appEngineRouting } }),
    };
  }
  return input;
}

function attemptToProto(a: AttemptRecord | undefined): Obj | undefined {
  if (!a) return undefined;
  return {
    ...(a.scheduleTime !== undefined && { scheduleTime: msToProto(a.scheduleTime) }),
    ...(a.dispatchTime !== undefined && { dispatchTime: msToProto(a.dispatchTime) }),
    ...(a.responseTime !== undefined && { responseTime: msToProto(a.responseTime) }),
    ...(a.responseStatus && { responseStatus: { ...a.responseStatus, details: [] } }),
  };
}

export function taskToProto(t: Task, view: TaskView = 'BASIC'): Obj {
  const full = view === 'FULL';
  const out: Obj = {
    name: t.name,
    scheduleTime: msToProto(t.scheduleTime),
    createTime: msToProto(t.createTime),
    dispatchDeadline: msToProto(t.dispatchDeadlineMs),
    dispatchCount: t.dispatchCount,
    responseCount: t.responseCount,
    view,
  };
  if (t.firstAttempt) out.firstAttempt = attemptToProto(t.firstAttempt);
  if (t.lastAttempt) out.lastAttempt = attemptToProto(t.lastAttempt);
  if (t.httpRequest) {
    const { body, ...rest } = t.httpRequest;
    out.httpRequest = { ...rest, headers: { ...rest.headers }, ...(full && body.length && { body }) };
  }
  if (t.appEngineHttpRequest) {
    const { body, ...rest } = t.appEngineHttpRequest;
    out.appEngineHttpRequest = {
      ...rest,
      headers: { ...rest.headers },
      ...(full && body.length && { body }),
    };
  }
  return out;
}

export const viewOf = (v: unknown): TaskView => (v === 'FULL' || v === 2 ? 'FULL' : 'BASIC');
