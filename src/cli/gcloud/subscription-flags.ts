// gcloud's subscription flags → the Subscription fields the official client sends, shared by
// `subscriptions create` and `subscriptions update` (update sends only what was given).
import type { Command } from 'commander';
import { collectDict, parseGcloudDuration, parseInteger, protoDuration } from './gcloud-args.ts';

export interface SubscriptionFlags {
  topic?: string;
  ackDeadline?: number;
  filter?: string;
  pushEndpoint?: string;
  pushAuthServiceAccount?: string;
  pushAuthTokenAudience?: string;
  deadLetterTopic?: string;
  maxDeliveryAttempts?: number;
  clearDeadLetterPolicy?: boolean;
  minRetryDelay?: number;
  maxRetryDelay?: number;
  clearRetryPolicy?: boolean;
  enableMessageOrdering?: boolean;
  enableExactlyOnceDelivery?: boolean;
  retainAckedMessages?: boolean;
  messageRetentionDuration?: number;
  expirationPeriod?: string;
  labels?: Record<string, string>;
  updateLabels?: Record<string, string>;
}

/** The flags both verbs take (create adds --topic, --filter, --enable-message-ordering, --labels). */
export function addSubscriptionFlags(command: Command): Command {
  return command
    .option('--ack-deadline <seconds>', 'ack deadline in seconds (10-600)', parseInteger)
    .option('--push-endpoint <url>', 'push to this URL instead of waiting for pulls')
    .option('--push-auth-service-account <email>', 'service account whose OIDC token push requests carry')
    .option('--push-auth-token-audience <aud>', 'audience of that token (default: the push endpoint)')
    .option('--dead-letter-topic <topic>', 'topic for messages past --max-delivery-attempts')
    .option(
      '--max-delivery-attempts <n>',
      'delivery attempts before dead-lettering (5-100, default 5)',
      parseInteger,
    )
    .option('--min-retry-delay <duration>', 'least redelivery delay (0s-600s)', parseGcloudDuration)
    .option('--max-retry-delay <duration>', 'most redelivery delay (0s-600s)', parseGcloudDuration)
    .option('--enable-exactly-once-delivery', 'exactly-once delivery')
    .option('--no-enable-exactly-once-delivery', 'at-least-once delivery')
    .option('--retain-acked-messages', 'keep acknowledged messages (for seek)')
    .option('--no-retain-acked-messages', 'do not keep acknowledged messages')
    .option(
      '--message-retention-duration <duration>',
      'how long unacked (and retained) messages stay',
      parseGcloudDuration,
    )
    .option('--expiration-period <duration|never>', 'delete the subscription after this much inactivity');
}

export function addCreateOnlyFlags(command: Command): Command {
  return command
    .requiredOption('--topic <topic>', 'topic to subscribe to')
    .option('--filter <filter>', 'message filter, e.g. attributes.user_id = "alice"')
    .option('--enable-message-ordering', 'deliver messages with one ordering key in order')
    .option('--labels <KEY=VALUE,...>', 'labels', collectDict);
}

/** Subscription fields for the flags given (the topic path is resolved by the caller). */
export function subscriptionFields(
  f: SubscriptionFlags,
  topicPath: (name: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.ackDeadline !== undefined) out.ackDeadlineSeconds = f.ackDeadline;
  if (f.filter !== undefined) out.filter = f.filter;
  if (f.pushEndpoint !== undefined)
    out.pushConfig = {
      pushEndpoint: f.pushEndpoint,
      ...(f.pushAuthServiceAccount
        ? {
            oidcToken: {
              serviceAccountEmail: f.pushAuthServiceAccount,
              audience: f.pushAuthTokenAudience ?? '',
            },
          }
        : {}),
    };
  if (f.deadLetterTopic)
    out.deadLetterPolicy = {
      deadLetterTopic: topicPath(f.deadLetterTopic),
      maxDeliveryAttempts: f.maxDeliveryAttempts ?? 5,
    };
  else if (f.maxDeliveryAttempts !== undefined && !f.clearDeadLetterPolicy)
    throw new Error('--max-delivery-attempts needs --dead-letter-topic');
  if (f.clearDeadLetterPolicy) out.deadLetterPolicy = null;
  if (f.minRetryDelay !== undefined || f.maxRetryDelay !== undefined)
    out.retryPolicy = {
      minimumBackoff: protoDuration(f.minRetryDelay ?? 10),
      maximumBackoff: protoDuration(f.maxRetryDelay ?? 600),
    };
  if (f.clearRetryPolicy) out.retryPolicy = null;
  if (f.enableMessageOrdering !== undefined) out.enableMessageOrdering = f.enableMessageOrdering;
  if (f.enableExactlyOnceDelivery !== undefined) out.enableExactlyOnceDelivery = f.enableExactlyOnceDelivery;
  if (f.retainAckedMessages !== undefined) out.retainAckedMessages = f.retainAckedMessages;
  if (f.messageRetentionDuration !== undefined)
    out.messageRetentionDuration = protoDuration(f.messageRetentionDuration);
  if (f.expirationPeriod !== undefined)
    out.expirationPolicy =
      f.expirationPeriod === 'never' ? {} : { ttl: protoDuration(parseGcloudDuration(f.expirationPeriod)) };
  if (f.labels) out.labels = f.labels;
  return out;
}
