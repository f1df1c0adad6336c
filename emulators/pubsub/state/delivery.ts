// The subscriber side of the state: Pull, ack, modack, stream attachment, and dead-lettering.
import { DevkitError, failedPrecondition, invalidArgument } from '../../common/index.ts';
import { parseAckId } from './ack-id.ts';
import { attach, detach } from './dispatch.ts';
import type { Entry, Lessee } from './entry.ts';
import type { Delivery } from './model.ts';
import { projectOf } from './names.ts';
import type { PubSubState } from './pubsub-state.ts';
import type { SubscriptionQueue } from './sub-queue.ts';
import { getSubscription } from './subscriptions.ts';
import { deliverToTopic } from './topics.ts';

/** The subscription, if it may be pulled from (not detached; not push, unless for the pusher). */
export function pullable(state: PubSubState, name: string, forPush = false): SubscriptionQueue {
  const queue = getSubscription(state, name);
  if (queue.config.detached) throw failedPrecondition('Subscription has been detached.');
  if (queue.config.pushConfig && !forPush) {
    throw failedPrecondition('This method is not supported for push subscriptions.');
  }
  return queue;
}

/** Leases up to `max` messages at once with the subscription's ack deadline. */
export function pullNow(state: PubSubState, name: string, max: number): Delivery[] {
  const queue = pullable(state, name);
  if (!(max > 0)) throw invalidArgument('max_messages must be positive.');
  queue.lastActivity = state.now();
  return queue.take(max, 0, undefined, queue.config.ackDeadlineSeconds);
}

/** Adds a stream, waiting Pull or (with `forPush`) a push worker to the subscription's lessees. */
export function attachLessee(
  state: PubSubState,
  name: string,
  lessee: Lessee,
  forPush = false,
): SubscriptionQueue {
  const queue = pullable(state, name, forPush);
  attach(queue, lessee);
  queue.lastActivity = state.now();
  return queue;
}

export function detachLessee(queue: SubscriptionQueue, lessee: Lessee): void {
  detach(queue, lessee);
}

/**
 * Google answers an ack id it cannot decode with INVALID_ARGUMENT; a well-formed but stale or
 * unknown one is accepted silently (without exactly-once, which reports it per id instead).
 */
function checkAckIds(queue: SubscriptionQueue, ackIds: string[]): void {
  if (ackIds.length === 0) throw invalidArgument('You have not specified an ack ID in the request.');
  for (const id of ackIds) {
    if (typeof id !== 'string' || id === '') throw invalidArgument('Ack ids must be non-empty strings.');
    if (!queue.config.enableExactlyOnceDelivery && !parseAckId(id)) {
      throw invalidArgument(`You have passed an invalid ack ID to the service (ack_id=${id.slice(0, 200)}).`);
    }
  }
}

/** Throws the ErrorInfo the client libraries read when exactly-once acks fail. */
function exactlyOnceFailure(failed: string[]): DevkitError {
  const metadata: Record<string, string> = {};
  for (const id of failed) metadata[id] = 'PERMANENT_FAILURE_INVALID_ACK_ID';
  return new DevkitError(
    'INVALID_ARGUMENT',
    'Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have ' +
      'expired or the acknowledgement ids were malformed.',
    {
      reason: 'EXACTLY_ONCE_ACKID_FAILURE',
      domain: 'pubsub.googleapis.com',
      metadata,
    },
  );
}

export function acknowledge(state: PubSubState, name: string, ackIds: string[]): void {
  const queue = getSubscription(state, name);
  checkAckIds(queue, ackIds);
  const failed = queue.ack(ackIds);
  state.changed('messages');
  if (failed.length > 0 && queue.config.enableExactlyOnceDelivery) throw exactlyOnceFailure(failed);
}

export function modifyAckDeadline(state: PubSubState, name: string, ackIds: string[], seconds: number): void {
  const queue = getSubscription(state, name);
  checkAckIds(queue, ackIds);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) {
    throw invalidArgument(`Invalid ack deadline ${seconds}: must be between 0 and 600 seconds.`);
  }
  const failed = queue.modifyAckDeadline(ackIds, seconds);
  if (failed.length > 0 && queue.config.enableExactlyOnceDelivery) throw exactlyOnceFailure(failed);
}

/** Publishes an exhausted message to the dead-letter topic with the documented source attributes. */
export function forwardToDeadLetter(state: PubSubState, queue: SubscriptionQueue, entry: Entry): void {
  const policy = queue.config.deadLetterPolicy;
  const topic = policy ? state.topics.get(policy.deadLetterTopic) : undefined;
  if (!policy || !topic) {
    state.logger.warn('dead-letter topic missing; message dropped', { subscription: queue.name });
    return;
  }
  const src = entry.msg;
  const attributes = {
    ...src.attributes,
    CloudPubSubDeadLetterSourceDeliveryCount: String(entry.attempts),
    CloudPubSubDeadLetterSourceSubscription: queue.name.split('/')[3] ?? queue.name,
    CloudPubSubDeadLetterSourceSubscriptionProject: projectOf(queue.name),
    CloudPubSubDeadLetterSourceTopicPublishTime: new Date(src.publishTime).toISOString(),
  };
  const msg = state.newMessage(src.data, attributes, src.orderingKey, src.size);
  deliverToTopic(state, topic, msg);
}
