// Turns a (partial) subscription from the wire into a validated SubscriptionConfig: defaults,
// documented ranges, immutable fields, and field-mask updates.
import { invalidArgument } from '../../common/index.ts';
import { checkFilter } from './filter-hook.ts';
import {
  DAY_MS,
  DEFAULT_EXPIRATION_TTL_MS,
  DEFAULT_SUB_RETENTION_MS,
  type DeadLetterPolicy,
  type PushConfig,
  type RetryPolicy,
  type SubscriptionConfig,
} from './model.ts';
import { parseName } from './names.ts';

/** A subscription as a client sent it: absent fields are undefined; null clears (expiration: never). */
export interface SubscriptionInput {
  topic?: string;
  pushConfig?: PushConfig | null;
  ackDeadlineSeconds?: number;
  retainAckedMessages?: boolean;
  messageRetentionMs?: number;
  labels?: Record<string, string>;
  enableMessageOrdering?: boolean;
  expirationTtlMs?: number | null;
  filter?: string;
  deadLetterPolicy?: DeadLetterPolicy | null;
  /** A backoff left undefined takes Google's default (10 s minimum, 600 s maximum); 0 is kept. */
  retryPolicy?: Partial<RetryPolicy> | null;
  detached?: boolean;
  enableExactlyOnceDelivery?: boolean;
}

const MIN_RETENTION_MS = 10 * 60 * 1000;

export function buildConfig(name: string, input: SubscriptionInput): SubscriptionConfig {
  const config: SubscriptionConfig = {
    name,
    topic: input.topic ?? '',
    ackDeadlineSeconds: 10,
    retainAckedMessages: false,
    messageRetentionMs: DEFAULT_SUB_RETENTION_MS,
    labels: {},
    enableMessageOrdering: !!input.enableMessageOrdering,
    expirationTtlMs: DEFAULT_EXPIRATION_TTL_MS,
    filter: input.filter ?? '',
    detached: false,
    enableExactlyOnceDelivery: false,
  };
  checkFilter(config.filter);
  for (const field of MUTABLE) applyField(config, field, input);
  return config;
}

const MUTABLE = [
  'pushConfig',
  'ackDeadlineSeconds',
  'retainAckedMessages',
  'messageRetentionMs',
  'labels',
  'expirationTtlMs',
  'deadLetterPolicy',
  'retryPolicy',
  'enableExactlyOnceDelivery',
] as const;
type Mutable = (typeof MUTABLE)[number];

const PATHS: Record<string, Mutable> = {
  push_config: 'pushConfig',
  ack_deadline_seconds: 'ackDeadlineSeconds',
  retain_acked_messages: 'retainAckedMessages',
  message_retention_duration: 'messageRetentionMs',
  labels: 'labels',
  expiration_policy: 'expirationTtlMs',
  dead_letter_policy: 'deadLetterPolicy',
  retry_policy: 'retryPolicy',
  enable_exactly_once_delivery: 'enableExactlyOnceDelivery',
};

const toSnake = (p: string) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Applies the fields named by an update mask (snake_case or camelCase paths), all or nothing. */
export function applyMask(
  config: SubscriptionConfig,
  input: SubscriptionInput,
  paths: string[],
  check: (next: SubscriptionConfig) => void = () => undefined,
): void {
  if (paths.length === 0) throw invalidArgument('The update_mask must contain at least one path.');
  const next = { ...config };
  for (const raw of paths) {
    const path = toSnake(raw.trim());
    const field = PATHS[path];
    if (!field) {
      throw invalidArgument(`Invalid update_mask provided in the UpdateSubscriptionRequest: ${raw}`);
    }
    applyField(next, field, input);
  }
  check(next);
  Object.assign(config, next);
}

function applyField(config: SubscriptionConfig, field: Mutable, input: SubscriptionInput): void {
  switch (field) {
    case 'pushConfig':
      config.pushConfig = input.pushConfig?.pushEndpoint ? input.pushConfig : undefined;
      return;
    case 'ackDeadlineSeconds': {
      const v = input.ackDeadlineSeconds || 10;
      if (!Number.isInteger(v) || v < 10 || v > 600) {
        throw invalidArgument(`Invalid ack deadline ${v}s: must be between 10 and 600 seconds.`);
      }
      config.ackDeadlineSeconds = v;
      return;
    }
    case 'retainAckedMessages':
      config.retainAckedMessages = !!input.retainAckedMessages;
      return;
    case 'messageRetentionMs': {
      const v = input.messageRetentionMs || DEFAULT_SUB_RETENTION_MS;
      if (v < MIN_RETENTION_MS || v > 7 * DAY_MS) {
        throw invalidArgument('message_retention_duration must be between 10 minutes and 7 days.');
      }
      config.messageRetentionMs = v;
      return;
    }
    case 'labels':
      config.labels = { ...(input.labels ?? {}) };
      return;
    case 'expirationTtlMs': {
      const v = input.expirationTtlMs;
      if (typeof v === 'number' && v > 0 && v < DAY_MS) {
        throw invalidArgument('expiration_policy.ttl must be at least 1 day.');
      }
      config.expirationTtlMs = v === null ? undefined : v || DEFAULT_EXPIRATION_TTL_MS;
      return;
    }
    case 'deadLetterPolicy':
      config.deadLetterPolicy = deadLetter(input.deadLetterPolicy);
      return;
    case 'retryPolicy':
      config.retryPolicy = retry(input.retryPolicy);
      return;
    case 'enableExactlyOnceDelivery':
      config.enableExactlyOnceDelivery = !!input.enableExactlyOnceDelivery;
      return;
  }
}

function deadLetter(p: DeadLetterPolicy | null | undefined): DeadLetterPolicy | undefined {
  if (!p?.deadLetterTopic) return undefined;
  parseName(p.deadLetterTopic, 'topics');
  const max = p.maxDeliveryAttempts || 5;
  if (max < 5 || max > 100) {
    throw invalidArgument(`Invalid max_delivery_attempts ${max}: must be between 5 and 100.`);
  }
  return { deadLetterTopic: p.deadLetterTopic, maxDeliveryAttempts: max };
}

function retry(p: Partial<RetryPolicy> | null | undefined): RetryPolicy | undefined {
  if (!p) return undefined;
  const min = p.minimumBackoffMs ?? 10_000;
  const max = p.maximumBackoffMs ?? 600_000;
  if (min < 0 || min > 600_000 || max < 0 || max > 600_000 || min > max) {
    throw invalidArgument('retry_policy backoffs must be within 0-600s and minimum <= maximum.');
  }
  return { minimumBackoffMs: min, maximumBackoffMs: max };
}
