// Read-only looks into subscriptions for the dashboard: backlog figures and a page of messages,
// taken without leasing, acking or creating delivery records, so a peek never changes what a
// subscriber will receive.
import { invalidArgument, notFound } from '../../common/index.ts';
import type { PubSubState } from '../state/index.ts';
import type { StoredMessage } from '../state/model.ts';
import { isEntry, type Slot } from '../state/seq-log.ts';

export interface SubscriptionStats {
  name: string;
  topic: string;
  /** Messages not yet acknowledged (what Cloud Monitoring calls num_undelivered_messages). */
  backlog: number;
  /** Age of the oldest unacknowledged message in ms, 0 when there is none. */
  oldestUnackedAgeMs: number;
  pushEndpoint?: string;
  deadLetterTopic?: string;
}

export interface PeekedMessage {
  messageId: string;
  /** base64, as the REST API carries data. */
  data: string;
  attributes: Record<string, string>;
  orderingKey: string;
  publishTime: string;
  /** Deliveries so far (0 = never delivered). */
  deliveryAttempt: number;
  state: string;
}

export interface PeekPage {
  messages: PeekedMessage[];
  /** Pass back to continue after the last message; absent on the last page. */
  nextPageToken?: string;
  backlog: number;
}

const MAX_PAGE = 1000;

export function subscriptionStats(state: PubSubState): SubscriptionStats[] {
  const now = state.now();
  return [...state.subs.values()].map((queue) => {
    const oldest = firstUnacked(queue.log.slotsFrom(0));
    const config = queue.config;
    return {
      name: queue.name,
      topic: config.topic,
      backlog: queue.unacked,
      oldestUnackedAgeMs: oldest ? Math.max(0, now - oldest.publishTime) : 0,
      ...(config.pushConfig?.pushEndpoint ? { pushEndpoint: config.pushConfig.pushEndpoint } : {}),
      ...(config.deadLetterPolicy ? { deadLetterTopic: config.deadLetterPolicy.deadLetterTopic } : {}),
    };
  });
}

/** A page of `subscription`'s unacknowledged messages in publish order, starting after `pageToken`. */
export function peekSubscription(
  state: PubSubState,
  subscription: string,
  pageSize: number,
  pageToken: string,
): PeekPage {
  const queue = state.subs.get(subscription);
  if (!queue) throw notFound(`Subscription does not exist (resource=${subscription})`);
  const size = pageSize > 0 ? Math.min(pageSize, MAX_PAGE) : 100;
  const from = pageToken === '' ? 0 : Number(pageToken);
  if (!Number.isSafeInteger(from) || from < 0) throw invalidArgument(`Invalid page token: ${pageToken}`);
  const messages: PeekedMessage[] = [];
  let next: number | undefined;
  for (const slot of queue.log.slotsFrom(from)) {
    const view = viewOf(slot);
    if (!view) continue;
    if (messages.length === size) {
      next = view.msg.seq;
      break;
    }
    messages.push(render(view.msg, view.attempts, view.state));
  }
  return {
    messages,
    backlog: queue.unacked,
    ...(next !== undefined ? { nextPageToken: String(next) } : {}),
  };
}

function viewOf(slot: Slot): { msg: StoredMessage; attempts: number; state: string } | undefined {
  if (!isEntry(slot)) return { msg: slot, attempts: 0, state: 'ready' };
  if (slot.state === 'acked' || slot.state === 'dropped') return undefined;
  return { msg: slot.msg, attempts: slot.attempts, state: slot.state };
}

function firstUnacked(slots: Iterable<Slot>): StoredMessage | undefined {
  for (const slot of slots) {
    const view = viewOf(slot);
    if (view) return view.msg;
  }
  return undefined;
}

function render(msg: StoredMessage, attempts: number, state: string): PeekedMessage {
  return {
    messageId: msg.id,
    data: msg.data.toString('base64'),
    attributes: msg.attributes,
    orderingKey: msg.orderingKey,
    publishTime: new Date(msg.publishTime).toISOString(),
    deliveryAttempt: attempts,
    state,
  };
}
