// Picks the delivery for a job's target: Pub/Sub publish, HTTP request (with its OIDC/OAuth token),
// or App Engine HTTP mapped onto a local base URL (default http://127.0.0.1:8080).

import type { IdentityIssuer } from '../../identity/index.ts';
import type { AttemptContext, Executor } from '../run/attempts.ts';
import type { Job } from '../state/job-model.ts';
import { authorizationFor } from './auth-header.ts';
import { schedulerHeaders, sendHttp } from './http-send.ts';
import { PubsubPublisher } from './pubsub-publisher.ts';

const APP_ENGINE_AGENT = 'AppEngine-Google; (+http://code.google.com/appengine)';

export interface TargetOptions {
  pubsubHost?: string;
  appEngineBaseUrl?: string;
  /** Bound on one Pub/Sub publish (default 10 s). */
  publishTimeoutMs?: number;
  /** Mints the tokens of HTTP targets with oidcToken/oauthToken. */
  identity: IdentityIssuer;
}

export function createExecutor(options: TargetOptions): { execute: Executor; close(): Promise<void> } {
  const publisher = new PubsubPublisher(options.pubsubHost, options.publishTimeoutMs);
  const appEngineBase = (options.appEngineBaseUrl ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const execute = async (job: Job, ctx: AttemptContext) => {
    if (job.pubsubTarget) return publisher.publish(job.pubsubTarget);
    const fixed = schedulerHeaders(job.name, ctx.scheduleTime);
    if (job.httpTarget) {
      const t = job.httpTarget;
      let authorization: string | undefined;
      try {
        authorization = await authorizationFor(t, options.identity);
      } catch (err) {
        return { code: 3, message: `Cannot mint the target's token: ${(err as Error).message}` };
      }
      return sendHttp({
        url: t.uri,
        method: t.httpMethod,
        headers: t.headers,
        body: t.body,
        fixedHeaders: {
          ...fixed,
          'User-Agent': 'Google-Cloud-Scheduler',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        signal: ctx.signal,
      });
    }
    const t = job.appEngineHttpTarget;
    if (!t) return { code: 9, message: 'Job has no target' };
    const userAgent = Object.entries(t.headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
    return sendHttp({
      url: `${appEngineBase}${t.relativeUri}`,
      method: t.httpMethod,
      headers: t.headers,
      body: t.body,
      fixedHeaders: {
        ...fixed,
        'User-Agent': userAgent ? `${userAgent} ${APP_ENGINE_AGENT}` : APP_ENGINE_AGENT,
      },
      signal: ctx.signal,
    });
  };
  return { execute, close: () => publisher.close() };
}

export type { AttemptContext };
