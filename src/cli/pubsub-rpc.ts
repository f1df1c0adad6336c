// Synchronous Pull and Acknowledge through the official client's own request path (what
// `gcloud pubsub subscriptions pull` does): the high-level client only offers streaming pull.
import type { PubSub } from '@google-cloud/pubsub';

export interface PulledMessage {
  ackId: string;
  messageId: string;
  data: string;
  attributes: Record<string, string>;
  orderingKey: string;
  publishTime: string;
  deliveryAttempt: number;
}

interface ReceivedMessage {
  ackId?: string;
  deliveryAttempt?: number;
  message?: {
    messageId?: string;
    data?: Uint8Array | string;
    attributes?: Record<string, string>;
    orderingKey?: string;
    publishTime?: { seconds?: unknown; nanos?: unknown };
  };
}

/** Pulls up to `max` messages; `wait` long-polls for the first one instead of answering at once. */
export async function pullOnce(
  pubsub: PubSub,
  subscription: string,
  max: number,
  wait = false,
): Promise<PulledMessage[]> {
  const full = pubsub.subscription(subscription).name;
  const response = await call<{ receivedMessages?: ReceivedMessage[] }>(pubsub, 'pull', {
    subscription: full,
    maxMessages: max,
    returnImmediately: !wait,
  });
  return (response.receivedMessages ?? []).map((received) => {
    const message = received.message ?? {};
    return {
      ackId: String(received.ackId),
      messageId: String(message.messageId ?? ''),
      data: Buffer.from(message.data ?? '').toString('utf8'),
      attributes: { ...(message.attributes ?? {}) },
      orderingKey: String(message.orderingKey ?? ''),
      publishTime: timestamp(message.publishTime),
      deliveryAttempt: Number(received.deliveryAttempt ?? 0),
    };
  });
}

export async function acknowledge(pubsub: PubSub, subscription: string, ackIds: string[]): Promise<void> {
  if (ackIds.length === 0) return;
  await call(pubsub, 'acknowledge', { subscription: pubsub.subscription(subscription).name, ackIds });
}

function call<T>(pubsub: PubSub, method: string, reqOpts: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    pubsub.request<T>({ client: 'SubscriberClient', method, reqOpts, gaxOpts: {} }, (err, response) =>
      err ? reject(err) : resolve(response as T),
    );
  });
}

function timestamp(value: { seconds?: unknown; nanos?: unknown } | undefined): string {
  if (!value) return '';
  return new Date(
    Number(value.seconds ?? 0) * 1000 + Math.floor(Number(value.nanos ?? 0) / 1e6),
  ).toISOString();
}

/** ModifyAckDeadline for pulled messages; 0 seconds makes them available again at once (a nack). */
export async function modifyAckDeadline(
  pubsub: PubSub,
  subscription: string,
  ackIds: string[],
  seconds: number,
): Promise<void> {
  if (ackIds.length === 0) return;
  await call(pubsub, 'modifyAckDeadline', {
    subscription: pubsub.subscription(subscription).name,
    ackIds,
    ackDeadlineSeconds: seconds,
  });
}
