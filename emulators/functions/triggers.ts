// Wires a deployed function to its event source the way Cloud Functions does: a push subscription
// `gcf-<name>-<topic>` on the trigger topic, or a bucket notification into a hidden topic with one.
// Both push to the host's `/_push/<name>` endpoint, which turns the message into the function's event.
import type { PubSub } from '@google-cloud/pubsub';
import type { Logger } from '../common/index.ts';
import { notificationEventType } from './events.ts';
import type { FunctionSpec } from './function-spec.ts';

export interface TriggerWiring {
  /** Full name of the topic the push subscription reads. */
  topic: string;
  subscription: string;
  /** Storage triggers: the notification config to delete with the function. */
  notification?: { bucket: string; id: string };
}

export interface TriggerContext {
  /** The client, opened on first use (loading the package is slower than starting the stack). */
  pubsub(): Promise<PubSub>;
  project: string;
  /** http://host:port of the Storage emulator, for bucket triggers. */
  storageUrl?: string;
  /** http://host:port of this host, where pushes arrive. */
  hostUrl: string;
  logger: Logger;
}

/** Full topic name of a topic trigger (a bare id is in the host's project). */
export function triggerTopic(spec: FunctionSpec, project: string): string {
  if (spec.trigger.kind !== 'topic') return '';
  const t = spec.trigger.topic;
  return t.startsWith('projects/') ? t : `projects/${project}/topics/${t}`;
}

export async function wireTrigger(
  spec: FunctionSpec,
  ctx: TriggerContext,
): Promise<TriggerWiring | undefined> {
  if (spec.trigger.kind === 'http') return undefined;
  const pubsub = await ctx.pubsub();
  let topic = triggerTopic(spec, ctx.project);
  let notification: TriggerWiring['notification'];
  if (spec.trigger.kind === 'bucket') {
    topic = `projects/${ctx.project}/topics/gcf-storage-${spec.name}`;
    await pubsub.createTopic(topic).catch(ignoreCode(6));
    notification = await createNotification(ctx, spec.trigger.bucket, topic, spec.trigger.eventType);
  }
  const subscription = `gcf-${spec.name}-${topic.split('/').pop()}`.slice(0, 255);
  await pubsub.subscription(subscription).delete().catch(ignoreCode(5));
  await pubsub.topic(topic).createSubscription(subscription, {
    pushConfig: { pushEndpoint: `${ctx.hostUrl}/_push/${spec.name}` },
    // The push waits for the function; a longer run than the deadline would be delivered twice.
    ackDeadlineSeconds: Math.min(600, Math.max(10, spec.timeoutSeconds + 5)),
    retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 10 } },
  });
  return { topic, subscription, notification };
}

export async function unwireTrigger(wiring: TriggerWiring | undefined, ctx: TriggerContext): Promise<void> {
  if (!wiring) return;
  await (await ctx.pubsub())
    .subscription(wiring.subscription)
    .delete()
    .catch((err: unknown) => ctx.logger.warn('could not delete push subscription', { error: String(err) }));
  if (wiring.notification && ctx.storageUrl) {
    const { bucket, id } = wiring.notification;
    await fetch(`${ctx.storageUrl}/storage/v1/b/${encodeURIComponent(bucket)}/notificationConfigs/${id}`, {
      method: 'DELETE',
    }).catch(() => undefined);
  }
}

async function createNotification(
  ctx: TriggerContext,
  bucket: string,
  topic: string,
  eventType: string,
): Promise<{ bucket: string; id: string }> {
  if (!ctx.storageUrl) throw new Error('a --trigger-bucket function needs the Storage emulator in the stack');
  const response = await fetch(
    `${ctx.storageUrl}/storage/v1/b/${encodeURIComponent(bucket)}/notificationConfigs`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        topic: `//pubsub.googleapis.com/${topic}`,
        payload_format: 'JSON_API_V1',
        event_types: [notificationEventType(eventType)],
      }),
    },
  );
  const body = (await response.json()) as { id?: string; error?: { message?: string } };
  if (!response.ok) throw new Error(`bucket ${bucket}: ${body.error?.message ?? response.status}`);
  return { bucket, id: String(body.id) };
}

function ignoreCode(code: number) {
  return (err: { code?: number }) => {
    if (err.code !== code) throw err;
  };
}
