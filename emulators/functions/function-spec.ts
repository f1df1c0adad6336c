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

/** Validates a deployment body; throws INVALID_ARGUMENT with the field at fault. */
export function parseFunctionSpec(body: unknown): FunctionSpec {
  const b = (body ?? {}) as Partial<FunctionSpec>;
  const bad = (message: string): never => {
    throw new DevkitError('INVALID_ARGUMENT', message);
  };
  if (typeof b.name !== 'string' || !/^[A-Za-z][\w-]{0,62}$/.test(b.name))
    bad(`function name "${b.name}" must start with a letter and hold letters, digits, - and _ (63 at most)`);
  const runtime = String(b.runtime ?? '');
  if (!NODE_RUNTIMES.includes(runtime) && !pythonVersion(runtime))
    bad(
      `runtime "${runtime}" is not supported here: use ${NODE_RUNTIMES.join(', ')} or python3xx (e.g. python311)`,
    );
  if (typeof b.source !== 'string' || !b.source) bad('source (a folder) is required');
  const trigger = b.trigger as Trigger | undefined;
  if (!trigger)
    bad('one trigger is required: --trigger-http, --trigger-topic, --trigger-bucket or --trigger-event');
  if (trigger?.kind === 'topic' && !trigger.topic) bad('the topic trigger needs a topic');
  if (trigger?.kind === 'bucket' && !STORAGE_EVENTS.includes(trigger.eventType))
    bad(`storage trigger event must be one of ${STORAGE_EVENTS.join(', ')}`);
  const signatureType: SignatureType = trigger?.kind === 'http' ? 'http' : (b.signatureType ?? 'event');
  if (!['event', 'cloudevent', 'http'].includes(signatureType))
    bad(`unknown signature type ${signatureType}`);
  const timeoutSeconds = Number(b.timeoutSeconds ?? 60);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600)
    bad('timeout must be 1s to 3600s');
  return {
    name: b.name as string,
    runtime,
    entryPoint: typeof b.entryPoint === 'string' && b.entryPoint ? b.entryPoint : (b.name as string),
    source: b.source as string,
    trigger: trigger as Trigger,
    signatureType,
    env: { ...(b.env ?? {}) },
    timeoutSeconds,
    retry: Boolean(b.retry) && trigger?.kind !== 'http',
  };
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
