// The Task resource: its two request kinds, validation at CreateTask (schedule at most 30 days
// ahead, dispatch deadlines in Google's bounds), output fields, and the runner's bookkeeping.
import { checkTargetHeaderSize, invalidArgument, MAX_TARGET_URI_LENGTH } from '../../common/index.ts';
import type { AppEngineRouting } from './queue-model.ts';

export const HTTP_METHODS = ['POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HttpRequestSpec {
  url: string;
  httpMethod: HttpMethod;
  headers: Record<string, string>;
  body: Buffer;
  oauthToken?: { serviceAccountEmail: string; scope?: string };
  oidcToken?: { serviceAccountEmail: string; audience?: string };
}

export interface AppEngineRequestSpec {
  httpMethod: HttpMethod;
  relativeUri: string;
  headers: Record<string, string>;
  body: Buffer;
  appEngineRouting?: AppEngineRouting;
}

export interface AttemptRecord {
  scheduleTime?: number;
  dispatchTime?: number;
  responseTime?: number;
  responseStatus?: { code: number; message: string };
}

export interface Task {
  name: string;
  httpRequest?: HttpRequestSpec;
  appEngineHttpRequest?: AppEngineRequestSpec;
  scheduleTime: number;
  createTime: number;
  dispatchDeadlineMs: number;
  dispatchCount: number;
  responseCount: number;
  firstAttempt?: AttemptRecord;
  lastAttempt?: AttemptRecord;
  /** Runner bookkeeping, never on the wire. */
  run: {
    seq: number;
    /** Attempts of this task now in flight (RunTask may add one to a running task). */
    inFlight: number;
    firstAttemptAt?: number;
    /** Responses other than 5xx (X-CloudTasks-TaskExecutionCount). */
    executionCount: number;
    previousResponse?: number;
    retryReason?: string;
  };
}

export interface TaskInput {
  name?: string;
  httpRequest?: Partial<HttpRequestSpec>;
  appEngineHttpRequest?: Partial<AppEngineRequestSpec>;
  scheduleTime?: number;
  dispatchDeadlineMs?: number;
}

const DAY = 86_400_000;
export const MAX_SCHEDULE_AHEAD_MS = 30 * DAY;
export const DEFAULT_DEADLINE_MS = 600_000;
const BODY_METHODS: HttpMethod[] = ['POST', 'PUT', 'PATCH'];

function deadline(ms: number | undefined, max: number): number {
  if (!ms) return DEFAULT_DEADLINE_MS;
  if (ms < 15_000 || ms > max) {
    throw invalidArgument(`dispatch_deadline must be between 15s and ${max / 1000}s, got ${ms / 1000}s`);
  }
  return ms;
}

function method(m: HttpMethod | undefined, body: Buffer | undefined): HttpMethod {
  const chosen = m ?? 'POST';
  if (body?.length && !BODY_METHODS.includes(chosen)) {
    throw invalidArgument(`A request body is only allowed with POST, PUT or PATCH, not ${chosen}`);
  }
  return chosen;
}

/** Builds a validated task; `name` has been checked (or assigned) by the caller. */
export function newTask(name: string, input: TaskInput, now: number, seq: number): Task {
  const h = input.httpRequest;
  const a = input.appEngineHttpRequest;
  if (!h === !a) throw invalidArgument('A task needs exactly one of http_request or app_engine_http_request');
  if (input.scheduleTime !== undefined && input.scheduleTime > now + MAX_SCHEDULE_AHEAD_MS) {
    throw invalidArgument('The task schedule_time must not be more than 30 days in the future');
  }
  const task: Task = {
    name,
    scheduleTime: Math.max(now, input.scheduleTime ?? now),
    createTime: Math.floor(now / 1000) * 1000,
    dispatchDeadlineMs: deadline(input.dispatchDeadlineMs, h ? 1_800_000 : DAY + 15_000),
    dispatchCount: 0,
    responseCount: 0,
    run: { seq, inFlight: 0, executionCount: 0 },
  };
  if (h) {
    let url: URL;
    try {
      url = new URL(h.url ?? '');
    } catch {
      throw invalidArgument(`http_request.url "${h.url ?? ''}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw invalidArgument('http_request.url must start with http:// or https://');
    if (url.href.length > MAX_TARGET_URI_LENGTH)
      throw invalidArgument(
        `http_request.url must be at most ${MAX_TARGET_URI_LENGTH} characters after encoding`,
      );
    checkTargetHeaderSize('http_request', h.headers);
    if (h.oauthToken && h.oidcToken) throw invalidArgument('Set at most one of oauth_token and oidc_token');
    // A token is minted for this account at every dispatch; without one it could never be sent.
    const token = h.oauthToken ? 'oauth_token' : h.oidcToken ? 'oidc_token' : undefined;
    if (token && !(h.oauthToken ?? h.oidcToken)?.serviceAccountEmail)
      throw invalidArgument(`http_request.${token}.service_account_email is required`);
    const body = h.body ?? Buffer.alloc(0);
    task.httpRequest = {
      url: h.url as string,
      httpMethod: method(h.httpMethod, body),
      headers: { ...(h.headers ?? {}) },
      body,
      ...(h.oauthToken && { oauthToken: { ...h.oauthToken } }),
      ...(h.oidcToken && { oidcToken: { ...h.oidcToken } }),
    };
  } else if (a) {
    const relativeUri = a.relativeUri || '/';
    if (!relativeUri.startsWith('/')) throw invalidArgument('relative_uri must begin with "/"');
    if (/\s/.test(relativeUri)) throw invalidArgument('relative_uri must not contain spaces');
    if (relativeUri.length > MAX_TARGET_URI_LENGTH)
      throw invalidArgument(`relative_uri must be at most ${MAX_TARGET_URI_LENGTH} characters`);
    checkTargetHeaderSize('app_engine_http_request', a.headers);
    const body = a.body ?? Buffer.alloc(0);
    task.appEngineHttpRequest = {
      httpMethod: method(a.httpMethod, body),
      relativeUri,
      headers: { ...(a.headers ?? {}) },
      body,
      ...(a.appEngineRouting && { appEngineRouting: { ...a.appEngineRouting } }),
    };
  }
  checkTaskSize(task);
  return task;
}

/** The Cloud Tasks quotas page: "Maximum task size 1MB". Body, headers and URL count. */
const MAX_TASK_BYTES = 1024 * 1024;

function checkTaskSize(task: Task): void {
  const req = task.httpRequest ?? task.appEngineHttpRequest;
  if (!req) return;
  const target = 'url' in req ? req.url : req.relativeUri;
  let size = req.body.length + Buffer.byteLength(target);
  for (const [k, v] of Object.entries(req.headers)) size += Buffer.byteLength(k) + Buffer.byteLength(v);
  if (size > MAX_TASK_BYTES) {
    throw invalidArgument(
      `Task size ${size} bytes exceeds the maximum task size of 1 MB (${MAX_TASK_BYTES} bytes)`,
    );
  }
}
