// Pub/Sub for the dashboard: topics and subscriptions with backlog figures, peek (reads without
// leasing), and the actions a person takes: publish, pull, ack, nack, seek.
import { invalidArgument } from '../../emulators/common/index.ts';
import { type Backends, callJson } from './backends.ts';

interface Stats {
  subscriptions: Array<{ name: string; topic: string; backlog: number; deadLetterTopic?: string }>;
}

export async function pubsubOverview(b: Backends) {
  const topics = await callJson<{ topics?: Array<{ name: string; labels?: Record<string, string> }> }>(
    b.pubsub,
    `/v1/projects/${b.project}/topics?pageSize=1000`,
  );
  const stats = await callJson<Stats>(b.pubsub, '/_devkit/pubsub/stats');
  const subs = await callJson<{ subscriptions?: Array<Record<string, unknown>> }>(
    b.pubsub,
    `/v1/projects/${b.project}/subscriptions?pageSize=1000`,
  );
  const configs = new Map((subs.subscriptions ?? []).map((s) => [s.name as string, s]));
  return {
    topics: topics.topics ?? [],
    subscriptions: stats.subscriptions.map((s) => ({ ...s, config: configs.get(s.name) })),
  };
}

const required = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw invalidArgument(`${what} is required`);
  return value;
};

export function peek(b: Backends, query: URLSearchParams) {
  const params = new URLSearchParams({
    subscription: required(query.get('subscription'), 'subscription'),
    pageSize: query.get('pageSize') ?? '50',
    pageToken: query.get('pageToken') ?? '',
  });
  return callJson(b.pubsub, `/_devkit/pubsub/peek?${params}`);
}

export interface PublishInput {
  topic?: string;
  /** Text; sent as its UTF-8 bytes. */
  data?: string;
  attributes?: Record<string, string>;
  orderingKey?: string;
}

export function publish(b: Backends, input: PublishInput) {
  const topic = required(input.topic, 'topic');
  const message = {
    data: Buffer.from(input.data ?? '', 'utf8').toString('base64'),
    ...(input.attributes && Object.keys(input.attributes).length ? { attributes: input.attributes } : {}),
    ...(input.orderingKey ? { orderingKey: input.orderingKey } : {}),
  };
  return callJson(b.pubsub, `/v1/${topic}:publish`, { method: 'POST', json: { messages: [message] } });
}

interface SubAction {
  subscription?: string;
  maxMessages?: number;
  ackIds?: string[];
  time?: string;
  snapshot?: string;
}

export function pull(b: Backends, input: SubAction) {
  const sub = required(input.subscription, 'subscription');
  const maxMessages = Math.min(Math.max(1, Number(input.maxMessages ?? 10)), 100);
  return callJson(b.pubsub, `/v1/${sub}:pull`, {
    method: 'POST',
    json: { maxMessages, returnImmediately: true },
  });
}

const ackIdsOf = (input: SubAction) => {
  if (!Array.isArray(input.ackIds) || input.ackIds.length === 0) throw invalidArgument('ackIds are required');
  return input.ackIds;
};

export function ack(b: Backends, input: SubAction) {
  const sub = required(input.subscription, 'subscription');
  return callJson(b.pubsub, `/v1/${sub}:acknowledge`, { method: 'POST', json: { ackIds: ackIdsOf(input) } });
}

/** A nack is a modifyAckDeadline to 0: the messages are redelivered at once. */
export function nack(b: Backends, input: SubAction) {
  const sub = required(input.subscription, 'subscription');
  return callJson(b.pubsub, `/v1/${sub}:modifyAckDeadline`, {
    method: 'POST',
    json: { ackIds: ackIdsOf(input), ackDeadlineSeconds: 0 },
  });
}

export function seek(b: Backends, input: SubAction) {
  const sub = required(input.subscription, 'subscription');
  const target = input.snapshot
    ? { snapshot: input.snapshot }
    : { time: required(input.time, 'time or snapshot') };
  return callJson(b.pubsub, `/v1/${sub}:seek`, { method: 'POST', json: target });
}
