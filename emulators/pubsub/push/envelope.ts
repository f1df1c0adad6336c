// The HTTP request a push subscription sends: the documented JSON envelope, or with
// no_wrapper the raw data plus (optionally) metadata headers; both with Google's User-Agent.
import type { Delivery } from '../state/index.ts';

/** The agent Google's crawler documentation lists for API push notifications. */
export const PUSH_USER_AGENT = 'APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)';

export interface PushRequest {
  headers: Record<string, string>;
  body: string | Buffer;
}

export function pushRequest(
  subscription: string,
  d: Delivery,
  noWrapper?: { writeMetadata: boolean },
): PushRequest {
  const m = d.message;
  const publishTime = new Date(m.publishTime).toISOString();
  if (noWrapper) {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'user-agent': PUSH_USER_AGENT,
    };
    if (noWrapper.writeMetadata) {
      headers['x-goog-pubsub-subscription-name'] = subscription;
      headers['x-goog-pubsub-message-id'] = m.id;
      headers['x-goog-pubsub-publish-time'] = publishTime;
      if (m.orderingKey) headers['x-goog-pubsub-ordering-key'] = m.orderingKey;
      for (const [k, v] of Object.entries(m.attributes)) headers[k.toLowerCase()] = v;
    }
    return { headers, body: m.data };
  }
  const message: Record<string, unknown> = {
    attributes: m.attributes,
    data: m.data.toString('base64'),
    messageId: m.id,
    message_id: m.id,
    publishTime,
    publish_time: publishTime,
  };
  if (m.orderingKey) message.orderingKey = m.orderingKey;
  const envelope: Record<string, unknown> = { message, subscription };
  if (d.deliveryAttempt > 0) envelope.deliveryAttempt = d.deliveryAttempt;
  return {
    headers: { 'content-type': 'application/json', 'user-agent': PUSH_USER_AGENT },
    body: JSON.stringify(envelope),
  };
}
