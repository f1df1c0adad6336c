// Topics and subscriptions through the official @google-cloud/pubsub client: list them as
// resources, and carry out one planned change. Works unchanged against the emulator and GCP.
import type { PubSub } from '@google-cloud/pubsub';
import { fromProtoDuration, toProtoDuration } from './duration.ts';
import { PROBE_PREFIX, shortName } from './names.ts';
import type { Change, Resource, Spec } from './resources.ts';
import { type SubscriptionSpec, subscriptionSpec, topicSpec } from './specs.ts';

// biome-ignore lint/suspicious/noExplicitAny: protobuf messages as the client returns them, read field by field.
type Proto = Record<string, any>;

export async function readPubsub(pubsub: PubSub, project: string): Promise<Resource[]> {
  const [topics] = await pubsub.getTopics();
  const [subscriptions] = await pubsub.getSubscriptions();
  const resources: Resource[] = topics.map((topic) => {
    const m = (topic.metadata ?? {}) as Proto;
    return {
      kind: 'topic',
      name: shortName(project, topic.name),
      spec: topicSpec({
        labels: m.labels,
        messageRetentionDuration: fromProtoDuration(m.messageRetentionDuration),
      }),
    };
  });
  for (const sub of subscriptions.filter((s) => !shortName(project, s.name).startsWith(PROBE_PREFIX))) {
    const m = (sub.metadata ?? {}) as Proto;
    const spec = subscriptionSpec(project, {
      ...m,
      messageRetentionDuration: fromProtoDuration(m.messageRetentionDuration),
      retryPolicy: m.retryPolicy && {
        minimumBackoff: fromProtoDuration(m.retryPolicy.minimumBackoff),
        maximumBackoff: fromProtoDuration(m.retryPolicy.maximumBackoff),
      },
      pushEndpoint: m.pushConfig?.pushEndpoint,
    });
    resources.push({ kind: 'subscription', name: shortName(project, sub.name), spec });
  }
  return resources;
}

export async function applyPubsubChange(pubsub: PubSub, change: Change): Promise<void> {
  const { action, kind, name } = change;
  if (action === 'delete' || action === 'replace') {
    await (kind === 'topic' ? pubsub.topic(name) : pubsub.subscription(name)).delete();
  }
  if (action === 'create' || action === 'replace') {
    const spec = change.desired!.spec;
    if (kind === 'topic') await pubsub.createTopic({ name, ...topicMetadata(spec) });
    else {
      const metadata = subscriptionMetadata(spec as SubscriptionSpec);
      await pubsub.createSubscription((spec as SubscriptionSpec).topic, name, metadata);
    }
  }
  if (action === 'update') {
    const all =
      kind === 'topic'
        ? topicMetadata(change.desired!.spec)
        : subscriptionMetadata(change.desired!.spec as SubscriptionSpec);
    // Only the differing fields: setMetadata turns the keys it is given into the update mask.
    const patch = Object.fromEntries(change.fields.map((field) => [field, all[field] ?? null]));
    if (kind === 'topic') await pubsub.topic(name).setMetadata(patch);
    else await pubsub.subscription(name).setMetadata(patch);
  }
}

function topicMetadata(spec: Spec): Proto {
  const retention = spec.messageRetentionDuration as number | undefined;
  return {
    ...(spec.labels ? { labels: spec.labels } : {}),
    ...(retention !== undefined ? { messageRetentionDuration: toProtoDuration(retention) } : {}),
  };
}

function subscriptionMetadata(spec: SubscriptionSpec): Proto {
  const { topic: _topic, retryPolicy, messageRetentionDuration, labels, ...plain } = spec;
  return {
    ...plain,
    ...(labels ? { labels } : {}),
    ...(messageRetentionDuration !== undefined
      ? { messageRetentionDuration: toProtoDuration(messageRetentionDuration) }
      : {}),
    retryPolicy: retryPolicy && {
      minimumBackoff: toProtoDuration(retryPolicy.minimumBackoff),
      maximumBackoff: toProtoDuration(retryPolicy.maximumBackoff),
    },
  };
}
