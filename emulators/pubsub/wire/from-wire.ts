// google.pubsub.v1 request messages (decoded protobuf objects or REST JSON) as state inputs.
import { invalidArgument } from '../../common/index.ts';
import { schemaSettingsIn } from '../schemas/topic-schema.ts';
import type { PushConfig } from '../state/model.ts';
import type { SubscriptionInput } from '../state/subscription-config.ts';
import type { TopicInput } from '../state/topics.ts';
import type { PublishInput } from '../state/validate-publish.ts';
import { refuseUnsupportedSubscriptionFields, refuseUnsupportedTopicFields } from './unsupported.ts';
import {
  asObj,
  parseBytes,
  parseDuration,
  parseInt32,
  parseLabels,
  parseMap,
  parseString,
} from './values.ts';

export function topicIn(v: unknown, name?: string): TopicInput {
  const o = asObj(v);
  refuseUnsupportedTopicFields(o);
  return {
    name: name ?? parseString(o.name, 'name'),
    labels: parseLabels(o.labels),
    messageRetentionMs: parseDuration(o.messageRetentionDuration, 'message_retention_duration'),
    kmsKeyName: parseString(o.kmsKeyName, 'kms_key_name'),
    schemaSettings: schemaSettingsIn(o.schemaSettings),
  };
}

export function pushConfigIn(v: unknown): PushConfig | undefined {
  const o = asObj(v);
  const endpoint = parseString(o.pushEndpoint, 'push_endpoint');
  if (!endpoint) return undefined;
  checkPushEndpoint(endpoint);
  const noWrapper = o.noWrapper ? { writeMetadata: !!asObj(o.noWrapper).writeMetadata } : undefined;
  const config: PushConfig = {
    pushEndpoint: endpoint,
    attributes: parseMap(o.attributes, 'push_config.attributes'),
    noWrapper,
  };
  if (o.oidcToken) {
    const t = asObj(o.oidcToken);
    const serviceAccountEmail = parseString(
      t.serviceAccountEmail,
      'push_config.oidc_token.service_account_email',
    );
    if (!serviceAccountEmail) {
      throw invalidArgument('push_config.oidc_token.service_account_email is required');
    }
    config.oidcToken = {
      serviceAccountEmail,
      audience: parseString(t.audience, 'push_config.oidc_token.audience'),
    };
  }
  return config;
}

/** Google refuses an endpoint that is not an absolute URL; plain http is allowed here for local servers. */
function checkPushEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw invalidArgument(
      `Invalid push endpoint given (endpoint=${endpoint}): it must be an https:// (or, here, http://) URL.`,
    );
  }
}

export function subscriptionIn(v: unknown): SubscriptionInput {
  const o = asObj(v);
  refuseUnsupportedSubscriptionFields(o);
  const dlp = o.deadLetterPolicy ? asObj(o.deadLetterPolicy) : undefined;
  const retry = o.retryPolicy ? asObj(o.retryPolicy) : undefined;
  const expiration = o.expirationPolicy ? asObj(o.expirationPolicy) : undefined;
  return {
    topic: parseString(o.topic, 'topic') || undefined,
    pushConfig: pushConfigIn(o.pushConfig) ?? null,
    ackDeadlineSeconds: parseInt32(o.ackDeadlineSeconds, 'ack_deadline_seconds'),
    retainAckedMessages: !!o.retainAckedMessages,
    messageRetentionMs: parseDuration(o.messageRetentionDuration, 'message_retention_duration'),
    labels: parseLabels(o.labels),
    enableMessageOrdering: !!o.enableMessageOrdering,
    // An expiration policy without ttl means "never expires"; no policy means the default.
    expirationTtlMs: expiration
      ? (parseDuration(expiration.ttl, 'expiration_policy.ttl') ?? null)
      : undefined,
    filter: parseString(o.filter, 'filter'),
    deadLetterPolicy: dlp
      ? {
          deadLetterTopic: parseString(dlp.deadLetterTopic, 'dead_letter_topic'),
          maxDeliveryAttempts: parseInt32(dlp.maxDeliveryAttempts, 'max_delivery_attempts'),
        }
      : null,
    retryPolicy: retry
      ? {
          // Absent stays undefined (the default applies); a present 0s is a real minimum of 0.
          minimumBackoffMs: parseDuration(retry.minimumBackoff, 'minimum_backoff'),
          maximumBackoffMs: parseDuration(retry.maximumBackoff, 'maximum_backoff'),
        }
      : null,
    enableExactlyOnceDelivery: !!o.enableExactlyOnceDelivery,
  };
}

export function messagesIn(v: unknown): PublishInput[] {
  if (!Array.isArray(v)) return [];
  return v.map((m, i) => {
    const o = asObj(m);
    return {
      data: parseBytes(o.data, `messages[${i}].data`),
      attributes: parseMap(o.attributes, `messages[${i}].attributes`),
      orderingKey: parseString(o.orderingKey, `messages[${i}].ordering_key`),
    };
  });
}
