// gcloud's `scheduler jobs create|update pubsub|http|app-engine` flags → the google.cloud.scheduler.v1
// Job the official client sends. Pure, so the mapping is unit-tested apart from the wire.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { collectDict, parseGcloudDuration, parseInteger, protoDuration } from './gcloud-args.ts';

export type TargetKind = 'pubsub' | 'http' | 'app-engine';

export interface JobFlags {
  schedule?: string;
  timeZone?: string;
  description?: string;
  topic?: string;
  messageBody?: string;
  messageBodyFromFile?: string;
  attributes?: Record<string, string>;
  uri?: string;
  relativeUrl?: string;
  httpMethod?: string;
  headers?: Record<string, string>;
  oidcServiceAccountEmail?: string;
  oidcTokenAudience?: string;
  oauthServiceAccountEmail?: string;
  oauthTokenScope?: string;
  service?: string;
  version?: string;
  maxRetryAttempts?: number;
  maxRetryDuration?: number;
  minBackoff?: number;
  maxBackoff?: number;
  maxDoublings?: number;
  attemptDeadline?: number;
  location?: string;
}

/** The flags of one target kind; `create` makes --schedule (and --topic / --uri) required. */
export function addJobFlags(command: Command, kind: TargetKind, create: boolean): Command {
  const need = (c: Command, flags: string, text: string, parse?: (v: string) => unknown) =>
    create ? c.requiredOption(flags, text, parse as never) : c.option(flags, text, parse as never);
  need(command, '--schedule <cron>', 'unix-cron schedule, e.g. "0 * * * *"');
  command
    .option('--time-zone <tz>', 'time zone of the schedule (default Etc/UTC)')
    .option('--description <text>', 'description')
    .option('--location <location>', 'location of the job (default: the configured one)')
    .option('--max-retry-attempts <n>', 'retries after a failed attempt (0-5)', parseInteger)
    .option('--max-retry-duration <duration>', 'time limit for retrying (0 = unlimited)', parseGcloudDuration)
    .option('--min-backoff <duration>', 'least wait before a retry (default 5s)', parseGcloudDuration)
    .option('--max-backoff <duration>', 'most wait before a retry (default 1h)', parseGcloudDuration)
    .option(
      '--max-doublings <n>',
      'times the backoff doubles before growing linearly (default 5)',
      parseInteger,
    )
    .option('--message-body <body>', kind === 'pubsub' ? 'message data' : 'request body')
    .option('--message-body-from-file <path>', 'read the body from a file');
  if (kind === 'pubsub') {
    need(command, '--topic <topic>', 'topic id or projects/P/topics/T');
    command.option('--attributes <KEY=VALUE,...>', 'message attributes', collectDict);
    return command;
  }
  command
    .option(
      '--attempt-deadline <duration>',
      'how long one attempt may take (default 3m)',
      parseGcloudDuration,
    )
    .option('--http-method <method>', 'POST (default), GET, PUT, DELETE, PATCH, HEAD, OPTIONS')
    .option('--headers <KEY=VALUE,...>', 'request headers', collectDict);
  if (kind === 'http') {
    need(command, '--uri <uri>', 'the URL to call');
    command
      .option('--oidc-service-account-email <email>', 'send an OIDC ID token of this service account')
      .option('--oidc-token-audience <aud>', 'audience of that token (default: the URI)')
      .option('--oauth-service-account-email <email>', 'send an OAuth access token of this service account')
      .option('--oauth-token-scope <scope>', 'scope of that token');
  } else {
    command
      .option('--relative-url <url>', 'path (and query) on the App Engine app (default /)')
      .option('--service <service>', 'App Engine service')
      .option('--version <version>', 'App Engine version');
  }
  return command;
}

/** The Job fields the flags set (for update: only those), plus the update mask paths. */
export function jobFromFlags(
  kind: TargetKind,
  f: JobFlags,
  topicPath: (t: string) => string,
  create: boolean,
) {
  const job: Record<string, unknown> = {};
  const paths: string[] = [];
  const set = (path: string, key: string, value: unknown) => {
    if (value === undefined) return;
    job[key] = value;
    paths.push(path);
  };
  set('schedule', 'schedule', f.schedule);
  set('time_zone', 'timeZone', f.timeZone ?? (create ? 'Etc/UTC' : undefined));
  set('description', 'description', f.description);
  const body =
    f.messageBodyFromFile !== undefined
      ? readFileSync(f.messageBodyFromFile)
      : f.messageBody !== undefined
        ? Buffer.from(f.messageBody, 'utf8')
        : undefined;
  if (f.messageBody !== undefined && f.messageBodyFromFile !== undefined)
    throw new Error(
      'argument --message-body: At most one of --message-body | --message-body-from-file can be specified.',
    );
  const retry: Record<string, unknown> = {};
  if (f.maxRetryAttempts !== undefined) retry.retryCount = f.maxRetryAttempts;
  if (f.maxRetryDuration !== undefined) retry.maxRetryDuration = protoDuration(f.maxRetryDuration);
  if (f.minBackoff !== undefined) retry.minBackoffDuration = protoDuration(f.minBackoff);
  if (f.maxBackoff !== undefined) retry.maxBackoffDuration = protoDuration(f.maxBackoff);
  if (f.maxDoublings !== undefined) retry.maxDoublings = f.maxDoublings;
  for (const key of Object.keys(retry)) paths.push(`retry_config.${snake(key)}`);
  if (Object.keys(retry).length) job.retryConfig = retry;
  if (kind !== 'pubsub')
    set(
      'attempt_deadline',
      'attemptDeadline',
      f.attemptDeadline === undefined ? undefined : protoDuration(f.attemptDeadline),
    );
  if (kind === 'pubsub') {
    if (create && body === undefined && !f.attributes)
      throw new Error(
        'Must specify at least one of --message-body, --message-body-from-file or --attributes.',
      );
    const target: Record<string, unknown> = {};
    if (f.topic !== undefined) target.topicName = topicPath(f.topic);
    if (body !== undefined) target.data = body;
    if (f.attributes) target.attributes = f.attributes;
    for (const key of Object.keys(target)) paths.push(`pubsub_target.${snake(key)}`);
    if (Object.keys(target).length) job.pubsubTarget = target;
  } else {
    const target: Record<string, unknown> = {};
    if (f.httpMethod !== undefined || create) target.httpMethod = (f.httpMethod ?? 'POST').toUpperCase();
    if (f.headers) target.headers = f.headers;
    if (body !== undefined) target.body = body;
    if (kind === 'http') {
      if (f.uri !== undefined) target.uri = f.uri;
      if (f.oidcServiceAccountEmail)
        target.oidcToken = {
          serviceAccountEmail: f.oidcServiceAccountEmail,
          audience: f.oidcTokenAudience ?? '',
        };
      if (f.oauthServiceAccountEmail)
        target.oauthToken = {
          serviceAccountEmail: f.oauthServiceAccountEmail,
          scope: f.oauthTokenScope ?? '',
        };
    } else {
      if (f.relativeUrl !== undefined || create) target.relativeUri = f.relativeUrl ?? '/';
      if (f.service !== undefined || f.version !== undefined)
        target.appEngineRouting = {
          ...(f.service ? { service: f.service } : {}),
          ...(f.version ? { version: f.version } : {}),
        };
    }
    const field = kind === 'http' ? 'http_target' : 'app_engine_http_target';
    for (const key of Object.keys(target)) paths.push(`${field}.${snake(key)}`);
    if (Object.keys(target).length) job[kind === 'http' ? 'httpTarget' : 'appEngineHttpTarget'] = target;
  }
  return { job, paths };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
