// What a deployment says about a function (the fields `gcloud functions deploy` sets), checked
// once when it arrives at the host: a bad spec is an INVALID_ARGUMENT, never a half-started child.
import { DevkitError } from '../common/index.ts';
import type { SignatureType } from './framework-process.ts';
import { pythonVersion } from './python-venv.ts';

export type Trigger =
  | { kind: 'http' }
  | { kind: 'topic'; topic: string }
  | { kind: 'bucket'; bucket: string; eventType: string };

export interface FunctionSpec {
  name: string;
  runtime: string;
  entryPoint: string;
  /** Folder (or, for Node, a module file) holding the code. */
  source: string;
  trigger: Trigger;
  /** `event` (1st gen background function) or `cloudevent` (2nd gen); HTTP triggers use `http`. */
  signatureType: SignatureType;
  env: Record<string, string>;
  timeoutSeconds: number;
  /** Event triggers only: a throwing function gets the event again (Pub/Sub redelivery). */
  retry: boolean;
}

export const NODE_RUNTIMES = ['nodejs20', 'nodejs22', 'nodejs24'];
export const STORAGE_EVENTS = [
  'google.storage.object.finalize',
  'google.storage.object.delete',
  'google.storage.object.archive',
  'google.storage.object.metadataUpdate',
];
const PUBSUB_EVENTS = ['google.pubsub.topic.publish', 'providers/cloud.pubsub/eventTypes/topic.publish'];

const SPEC_FIELDS = [
  'name',
  'runtime',
  'entryPoint',
  'source',
  'trigger',
  'signatureType',
  'env',
  'timeoutSeconds',
  'retry',
];

/** Validates a deployment body; throws INVALID_ARGUMENT with the field at fault. */
export function parseFunctionSpec(body: unknown): FunctionSpec {
  const b = (body ?? {}) as Partial<FunctionSpec>;
  const bad = (message: string): never => {
    throw new DevkitError('INVALID_ARGUMENT', message);
  };
  // Cloud Functions refuses unknown fields; ignoring e.g. a memory limit would hide a difference.
  const unknown = Object.keys(b).filter((key) => !SPEC_FIELDS.includes(key));
  if (unknown.length)
    bad(`unknown field(s) ${unknown.join(', ')}: the host accepts ${SPEC_FIELDS.join(', ')}`);
  if (typeof b.name !== 'string' || !/^[A-Za-z](?:[\w-]{0,61}[A-Za-z0-9])?$/.test(b.name))
    bad(
      `function name "${b.name}" must start with a letter, end with a letter or digit and hold letters, digits, - and _ (63 at most)`,
    );
  const runtime = String(b.runtime ?? '');
  if (!NODE_RUNTIMES.includes(runtime) && !pythonVersion(runtime))
    bad(
      `runtime "${runtime}" is not supported here: use ${NODE_RUNTIMES.join(', ')} or python3xx (e.g. python311)`,
    );
  if (typeof b.source !== 'string' || !b.source) bad('source (a folder) is required');
  const trigger = b.trigger as Trigger | undefined;
  if (!trigger)
    bad('one trigger is required: --trigger-http, --trigger-topic, --trigger-bucket or --trigger-event');
  if (!['http', 'topic', 'bucket'].includes(String(trigger?.kind)))
    bad(`unknown trigger kind "${trigger?.kind}": use http, topic or bucket`);
  if (trigger?.kind === 'topic' && !trigger.topic) bad('the topic trigger needs a topic');
  if (trigger?.kind === 'bucket' && !trigger.bucket) bad('the bucket trigger needs a bucket');
  if (trigger?.kind === 'bucket' && !STORAGE_EVENTS.includes(trigger.eventType))
    bad(`storage trigger event must be one of ${STORAGE_EVENTS.join(', ')}`);
  const signatureType: SignatureType = trigger?.kind === 'http' ? 'http' : (b.signatureType ?? 'event');
  if (!['event', 'cloudevent', 'http'].includes(signatureType))
    bad(`unknown signature type ${signatureType}`);
  if (trigger?.kind !== 'http' && signatureType === 'http')
    bad('an event trigger needs the event or cloudevent signature type, not http');
  const timeoutSeconds = Number(b.timeoutSeconds ?? 60);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600)
    bad('timeout must be 1s to 3600s');
  // Cloud Functions docs (configuring/timeout): 60 min for HTTP functions, 9 min for event-driven.
  if (trigger?.kind !== 'http' && timeoutSeconds > 540)
    bad('The timeout for functions with an event trigger cannot exceed 540 seconds');
  if (b.retry && trigger?.kind === 'http') bad('retry applies to event triggers only, not --trigger-http');
  checkEnv(b.env, bad);
  return {
    name: b.name as string,
    runtime,
    entryPoint: typeof b.entryPoint === 'string' && b.entryPoint ? b.entryPoint : (b.name as string),
    source: b.source as string,
    trigger: trigger as Trigger,
    signatureType,
    env: { ...(b.env ?? {}) },
    timeoutSeconds,
    retry: Boolean(b.retry),
  };
}

// Cloud Functions env-var docs: keys may not be empty, hold `=` or start with X_GOOGLE_; PORT and
// the K_* names are the container contract's (Cloud Run refuses them).
const RESERVED_ENV = ['PORT', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION'];

function checkEnv(env: unknown, bad: (message: string) => never): void {
  if (env === undefined || env === null) return;
  if (typeof env !== 'object' || Array.isArray(env)) bad('env must be an object of strings');
  for (const [key, value] of Object.entries(env as Record<string, unknown>)) {
    if (!key || key.includes('=')) bad(`environment variable name "${key}" may not be empty or hold "="`);
    if (key.startsWith('X_GOOGLE_') || RESERVED_ENV.includes(key))
      bad(`environment variable ${key} is reserved (X_GOOGLE_*, ${RESERVED_ENV.join(', ')})`);
    if (typeof value !== 'string') bad(`environment variable ${key} must be a string`);
  }
}

/** The trigger `--trigger-event E --trigger-resource R` names (gcloud's 1st gen form). */
export function triggerFromEvent(eventType: string, resource: string): Trigger {
  if (PUBSUB_EVENTS.includes(eventType)) return { kind: 'topic', topic: resource };
  if (STORAGE_EVENTS.includes(eventType) || eventType === 'providers/cloud.storage/eventTypes/object.change')
    return {
      kind: 'bucket',
      bucket: resource.replace(/^projects\/_\/buckets\//, ''),
      eventType: normalStorage(eventType),
    };
  throw new DevkitError(
    'INVALID_ARGUMENT',
    `--trigger-event ${eventType} is not supported here: use google.pubsub.topic.publish or ${STORAGE_EVENTS.join(', ')}`,
  );
}

function normalStorage(eventType: string): string {
  return eventType.startsWith('providers/') ? 'google.storage.object.finalize' : eventType;
}
