// State records as google.pubsub.v1 messages (camelCase), in either wire format.
import type { Delivery, SnapshotRecord, StoredMessage, TopicRecord } from '../state/model.ts';
import type { SubscriptionQueue } from '../state/sub-queue.ts';
import type { WireFormat } from './values.ts';

export function topicOut(t: TopicRecord, f: WireFormat) {
  return {
    name: t.name,
    labels: t.labels,
    kmsKeyName: t.kmsKeyName,
    ...(t.messageRetentionMs ? { messageRetentionDuration: f.duration(t.messageRetentionMs) } : {}),
    ...(t.schemaSettings ? { schemaSettings: { ...t.schemaSettings } } : {}),
    state: 'ACTIVE',
  };
}

export function subscriptionOut(q: SubscriptionQueue, f: WireFormat) {
  const c = q.config;
  return {
    name: c.name,
    topic: c.topic,
    pushConfig: c.pushConfig
      ? {
          pushEndpoint: c.pushConfig.pushEndpoint,
          attributes: c.pushConfig.attributes,
          ...(c.pushConfig.noWrapper ? { noWrapper: c.pushConfig.noWrapper } : {}),
          ...(c.pushConfig.oidcToken ? { oidcToken: oidcTokenOut(c.pushConfig.oidcToken) } : {}),
        }
      : {},
    ackDeadlineSeconds: c.ackDeadlineSeconds,
    retainAckedMessages: c.retainAckedMessages,
    messageRetentionDuration: f.duration(c.messageRetentionMs),
    labels: c.labels,
    enableMessageOrdering: c.enableMessageOrdering,
    expirationPolicy: c.expirationTtlMs ? { ttl: f.duration(c.expirationTtlMs) } : {},
    filter: c.filter,
    ...(c.deadLetterPolicy ? { deadLetterPolicy: c.deadLetterPolicy } : {}),
    ...(c.retryPolicy
      ? {
          retryPolicy: {
            minimumBackoff: f.duration(c.retryPolicy.minimumBackoffMs),
            maximumBackoff: f.duration(c.retryPolicy.maximumBackoffMs),
          },
        }
      : {}),
    detached: c.detached,
    enableExactlyOnceDelivery: c.enableExactlyOnceDelivery,
    state: 'ACTIVE',
  };
}

export function snapshotOut(s: SnapshotRecord, f: WireFormat) {
  return { name: s.name, topic: s.topic, expireTime: f.timestamp(s.expireTime), labels: s.labels };
}

export function messageOut(m: StoredMessage, f: WireFormat) {
  return {
    data: f.bytes(m.data),
    attributes: m.attributes,
    messageId: m.id,
    publishTime: f.timestamp(m.publishTime),
    orderingKey: m.orderingKey,
  };
}

export function receivedOut(d: Delivery, f: WireFormat) {
  return { ackId: d.ackId, message: messageOut(d.message, f), deliveryAttempt: d.deliveryAttempt };
}

/** proto3 JSON leaves an empty audience out (Google then uses the push endpoint). */
function oidcTokenOut(t: { serviceAccountEmail: string; audience: string }) {
  return { serviceAccountEmail: t.serviceAccountEmail, ...(t.audience ? { audience: t.audience } : {}) };
}
