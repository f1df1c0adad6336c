// One normaliser per kind, shared by both sides of a plan: the file's entries and the APIs'
// answers pass through the same defaults (the APIs' own defaults), so "not given" equals "default".
import { topicPath } from './names.ts';

export type Loose<T> = { [K in keyof T]?: T[K] | null };

export const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export interface SubscriptionInput {
  topic: string;
  ackDeadlineSeconds: number;
  filter: string;
  enableMessageOrdering: boolean;
  enableExactlyOnceDelivery: boolean;
  retainAckedMessages: boolean;
  messageRetentionDuration: number;
  labels: Record<string, string>;
  deadLetterPolicy: { deadLetterTopic: string; maxDeliveryAttempts?: number | null };
  retryPolicy: { minimumBackoff?: number | null; maximumBackoff?: number | null };
  pushEndpoint: string;
}

/** Retention and labels stay unmanaged (undefined) unless given; everything else has the API default. */
export function subscriptionSpec(project: string, s: Loose<SubscriptionInput>) {
  const dlq = s.deadLetterPolicy;
  const retry = s.retryPolicy;
  return {
    topic: topicPath(project, s.topic ?? ''),
    ackDeadlineSeconds: s.ackDeadlineSeconds || 10,
    filter: s.filter ?? '',
    enableMessageOrdering: s.enableMessageOrdering ?? false,
    enableExactlyOnceDelivery: s.enableExactlyOnceDelivery ?? false,
    retainAckedMessages: s.retainAckedMessages ?? false,
    messageRetentionDuration: orUndefined(s.messageRetentionDuration),
    labels: orUndefined(s.labels),
    deadLetterPolicy: dlq?.deadLetterTopic
      ? {
          deadLetterTopic: topicPath(project, dlq.deadLetterTopic),
          maxDeliveryAttempts: dlq.maxDeliveryAttempts || 5,
        }
      : null,
    retryPolicy: retry
      ? { minimumBackoff: retry.minimumBackoff ?? 10, maximumBackoff: retry.maximumBackoff ?? 600 }
      : null,
    pushConfig: s.pushEndpoint ? { pushEndpoint: s.pushEndpoint } : null,
  };
}
export type SubscriptionSpec = ReturnType<typeof subscriptionSpec>;

export function topicSpec(t: Loose<{ labels: Record<string, string>; messageRetentionDuration: number }>) {
  return { labels: orUndefined(t.labels), messageRetentionDuration: orUndefined(t.messageRetentionDuration) };
}

export function bucketSpec(b: Loose<{ versioning: boolean; labels: Record<string, string> }>) {
  return { versioning: b.versioning ?? false, labels: orUndefined(b.labels) };
}

export function notificationSpec(
  project: string,
  n: Loose<{ bucket: string; topic: string; eventTypes: string[]; objectNamePrefix: string }> &
    Loose<{ payloadFormat: string; customAttributes: Record<string, string> }>,
) {
  return {
    bucket: n.bucket ?? '',
    topic: topicPath(project, n.topic ?? ''),
    objectNamePrefix: n.objectNamePrefix ?? '',
    // No event types means all of them, on both sides.
    eventTypes: [...(n.eventTypes ?? [])].sort(),
    payloadFormat: n.payloadFormat || 'JSON_API_V1',
    customAttributes: n.customAttributes ?? {},
  };
}
export type NotificationSpec = ReturnType<typeof notificationSpec>;
