// The records the state keeps: protocol-neutral (milliseconds, Buffers, plain maps), so the
// gRPC and REST adapters translate them at their own edges.

/** Immutable once stored; built by `packMessage` (see packed-message.ts). */
export interface StoredMessage {
  /** Global publish sequence; orders messages across the whole emulator. */
  readonly seq: number;
  readonly id: string;
  readonly data: Buffer;
  readonly attributes: Record<string, string>;
  readonly orderingKey: string;
  readonly publishTime: number;
  /** data + attribute bytes, for flow control. */
  readonly size: number;
}

export interface TopicRecord {
  name: string;
  labels: Record<string, string>;
  /** Topic-level retention (enables seeking back before a subscription's own log). */
  messageRetentionMs?: number;
  kmsKeyName: string;
  /** Messages kept for topic retention, oldest first; empty unless messageRetentionMs is set. */
  retained: StoredMessage[];
  /** Publish validates against this schema (see schemas/topic-schema.ts). */
  schemaSettings?: SchemaSettings;
}

export interface SchemaSettings {
  schema: string;
  encoding: 'JSON' | 'BINARY';
  /** Empty: no bound on that side. */
  firstRevisionId: string;
  lastRevisionId: string;
}

export interface PushConfig {
  pushEndpoint: string;
  attributes: Record<string, string>;
  /** Deliver the raw data without the JSON envelope. */
  noWrapper?: { writeMetadata: boolean };
  /** Attach an OIDC ID token for this service account (audience default: the push endpoint). */
  oidcToken?: { serviceAccountEmail: string; audience: string };
}

export interface DeadLetterPolicy {
  deadLetterTopic: string;
  maxDeliveryAttempts: number;
}

export interface RetryPolicy {
  minimumBackoffMs: number;
  maximumBackoffMs: number;
}

export interface SubscriptionConfig {
  name: string;
  topic: string;
  pushConfig?: PushConfig;
  ackDeadlineSeconds: number;
  retainAckedMessages: boolean;
  messageRetentionMs: number;
  labels: Record<string, string>;
  enableMessageOrdering: boolean;
  /** undefined = never expires. */
  expirationTtlMs?: number;
  filter: string;
  deadLetterPolicy?: DeadLetterPolicy;
  retryPolicy?: RetryPolicy;
  detached: boolean;
  enableExactlyOnceDelivery: boolean;
}

export interface SnapshotRecord {
  name: string;
  topic: string;
  expireTime: number;
  labels: Record<string, string>;
  /** Unacked at creation plus everything published to the topic since, by seq. */
  messages: Map<number, StoredMessage>;
}

/** A message as delivered: what Pull / StreamingPull / push hand to a client. */
export interface Delivery {
  ackId: string;
  message: StoredMessage;
  /** 0 when the subscription has no dead-letter policy (as Google does). */
  deliveryAttempt: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_SUB_RETENTION_MS = 7 * DAY_MS;
export const DEFAULT_EXPIRATION_TTL_MS = 31 * DAY_MS;
export const DELETED_TOPIC = '_deleted-topic_';
