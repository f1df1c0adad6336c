// Turns a task attempt into its HTTP request: HTTP targets with X-CloudTasks-* headers and an
// OIDC/OAuth Authorization header from the issuer; App Engine targets routed to a local base URL
// per service/version with X-AppEngine-* headers. Fault rules may delay or fail a dispatch.
import { type ErrorCode, GRPC_STATUS } from '../../common/index.ts';
import type { FaultInjector } from '../../faults/index.ts';
import type { AttemptInfo, Send } from '../run/dispatcher.ts';
import type { AppEngineRouting, Queue } from '../state/queue-model.ts';
import type { Task } from '../state/task-model.ts';
import { createAgents, rpcCodeForHttp, sendHttp } from './send-http.ts';
import { CLOUD_PLATFORM_SCOPE, type TokenIssuer } from './token-issuer.ts';

const APP_ENGINE_AGENT = 'AppEngine-Google; (+http://code.google.com/appengine)';

export interface AppEngineRoutes {
  /** Where a service without its own entry goes (default http://127.0.0.1:8080). */
  baseUrl?: string;
  /** Base URL by `service` or `version.service`, e.g. { worker: 'http://127.0.0.1:9000' }. */
  services?: Record<string, string>;
}

export interface SenderOptions {
  /** The queue a task is in (for its App Engine routing override). */
  queueOf(name: string): Queue | undefined;
  identity?: TokenIssuer;
  appEngine?: AppEngineRoutes;
  faults?: FaultInjector;
}

/** The base URL an App Engine task goes to; `version.service` wins over `service`. */
export function appEngineBase(routes: AppEngineRoutes, routing: AppEngineRouting | undefined): string {
  const service = routing?.service || 'default';
  const byVersion = routing?.version ? routes.services?.[`${routing.version}.${service}`] : undefined;
  const base = byVersion ?? routes.services?.[service] ?? routes.baseUrl ?? 'http://127.0.0.1:8080';
  return base.replace(/\/$/, '');
}

function taskHeaders(prefix: string, info: AttemptInfo): Record<string, string> {
  const h: Record<string, string> = {
    [`${prefix}-QueueName`]: info.queueId,
    [`${prefix}-TaskName`]: info.taskId,
    [`${prefix}-TaskRetryCount`]: String(info.retryCount),
    [`${prefix}-TaskExecutionCount`]: String(info.executionCount),
    [`${prefix}-TaskETA`]: (info.eta / 1000).toFixed(6),
  };
  if (info.previousResponse !== undefined)
    h[`${prefix}-TaskPreviousResponse`] = String(info.previousResponse);
  if (info.retryReason) h[`${prefix}-TaskRetryReason`] = info.retryReason.replace(/[^\x20-\x7e]/g, '?');
  return h;
}

/** User headers minus those Cloud Tasks computes or reserves. */
function userHeaders(headers: Record<string, string>): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower.startsWith('x-google-')) continue;
    if (lower.startsWith('x-appengine-') || lower.startsWith('x-cloudtasks-')) continue;
    out.set(k, v);
  }
  return out;
}

/** The dispatch function, and `close` to drop its kept-alive connections at stop. */
export function createSender(o: SenderOptions): { send: Send; close(): void } {
  const appEngine = o.appEngine ?? {};
  const agents = createAgents();
  const faulted = async (task: Task, info: AttemptInfo, signal: AbortSignal) => {
    if (!o.faults || o.faults.idle) return undefined;
    const query = { service: 'tasks' as const, method: 'dispatch', target: info.queueId };
    const delay = o.faults.check({ ...query, kind: 'delay' });
    if (delay?.delayMs) await abortableDelay(delay.delayMs, signal);
    const error = o.faults.check({ ...query, kind: 'error' });
    if (!error) return undefined;
    const message = error.message ?? `injected dispatch failure ${error.id} for ${task.name}`;
    if (typeof error.status === 'number')
      return { httpStatus: error.status, code: rpcCodeForHttp(error.status), message };
    return { code: GRPC_STATUS[error.status as ErrorCode] ?? 14, message };
  };

  const send: Send = async (task, info, signal) => {
    const injected = await faulted(task, info, signal);
    if (injected) return injected;
    if (task.httpRequest) {
      const r = task.httpRequest;
      const headers = userHeaders(r.headers);
      headers.set('User-Agent', 'Google-Cloud-Tasks');
      for (const [k, v] of Object.entries(taskHeaders('X-CloudTasks', info))) headers.set(k, v);
      const token = await authorization(o.identity, r);
      if (token) headers.set('Authorization', token);
      return sendHttp({ url: r.url, method: r.httpMethod, headers, body: r.body, signal }, agents);
    }
    const a = task.appEngineHttpRequest;
    if (!a) return { code: 9, message: 'task has no request' };
    const queue = o.queueOf(task.name.slice(0, task.name.lastIndexOf('/tasks/')));
    const routing = queue?.appEngineRoutingOverride ?? a.appEngineRouting;
    const headers = userHeaders(a.headers);
    const agent = headers.get('user-agent');
    headers.set('User-Agent', agent ? `${agent} ${APP_ENGINE_AGENT}` : APP_ENGINE_AGENT);
    if (a.body.length && !headers.has('content-type'))
      headers.set('Content-Type', 'application/octet-stream');
    for (const [k, v] of Object.entries(taskHeaders('X-AppEngine', info))) headers.set(k, v);
    const url = `${appEngineBase(appEngine, routing)}${a.relativeUri}`;
    return sendHttp({ url, method: a.httpMethod, headers, body: a.body, signal }, agents);
  };
  const close = () => {
    agents['http:'].destroy();
    agents['https:'].destroy();
  };
  return { send, close };
}

async function authorization(identity: TokenIssuer | undefined, r: NonNullable<Task['httpRequest']>) {
  if (!identity) return undefined;
  if (r.oidcToken) {
    const audience = r.oidcToken.audience || r.url;
    return `Bearer ${await identity.mintIdToken({ serviceAccountEmail: r.oidcToken.serviceAccountEmail, audience })}`;
  }
  if (r.oauthToken) {
    const scope = r.oauthToken.scope || CLOUD_PLATFORM_SCOPE;
    return `Bearer ${await identity.mintAccessToken({ serviceAccountEmail: r.oauthToken.serviceAccountEmail, scope })}`;
  }
  return undefined;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
