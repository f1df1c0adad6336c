// Subscription operations: create/get/update/list/delete, ModifyPushConfig and detaching.
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../../common/index.ts';
import type { PushConfig } from './model.ts';
import { parseName } from './names.ts';
import { paginate } from './page.ts';
import type { PubSubState } from './pubsub-state.ts';
import { rebuild } from './seek.ts';
import { SubscriptionQueue } from './sub-queue.ts';
import { applyMask, buildConfig, type SubscriptionInput } from './subscription-config.ts';

export function createSubscription(state: PubSubState, name: string, input: SubscriptionInput) {
  parseName(name, 'subscriptions');
  if (!input.topic) throw invalidArgument('A subscription must name its topic.');
  parseName(input.topic, 'topics');
  const config = buildConfig(name, input);
  if (state.subs.has(name)) throw alreadyExists('Subscription already exists');
  if (!state.topics.has(input.topic)) throw notFound('Topic not found');
  checkDeadLetterTopic(state, config.deadLetterPolicy?.deadLetterTopic);
  const queue = new SubscriptionQueue(config, state.hooks);
  state.subs.set(name, queue);
  state.indexSubscription(queue, config.topic);
  state.journal?.record({ kind: 'subscription', queue });
  state.changed('meta');
  state.listeners.onSubscription?.(queue, 'upsert');
  return queue;
}

export function getSubscription(state: PubSubState, name: string): SubscriptionQueue {
  parseName(name, 'subscriptions');
  const queue = state.subs.get(name);
  if (!queue) throw notFound('Subscription does not exist');
  return queue;
}

export function updateSubscription(
  state: PubSubState,
  name: string,
  input: SubscriptionInput,
  paths: string[],
): SubscriptionQueue {
  const queue = getSubscription(state, name);
  for (const p of paths) {
    const path = p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (['topic', 'filter', 'enable_message_ordering', 'name', 'detached'].includes(path)) {
      throw invalidArgument(
        `Invalid update_mask provided in the UpdateSubscriptionRequest: the field ${p} cannot be updated.`,
      );
    }
  }
  applyMask(queue.config, input, paths, (c) =>
    checkDeadLetterTopic(state, c.deadLetterPolicy?.deadLetterTopic),
  );
  state.journal?.record({ kind: 'subscription', queue });
  state.changed('meta');
  state.listeners.onSubscription?.(queue, 'upsert');
  return queue;
}

export function modifyPushConfig(state: PubSubState, name: string, push: PushConfig | undefined): void {
  const queue = getSubscription(state, name);
  queue.config.pushConfig = push?.pushEndpoint ? push : undefined;
  state.journal?.record({ kind: 'subscription', queue });
  state.changed('meta');
  state.listeners.onSubscription?.(queue, 'upsert');
}

export function listSubscriptions(state: PubSubState, project: string, pageSize?: number, token?: string) {
  const prefix = `projects/${project}/subscriptions/`;
  const mine = [...state.subs.values()].filter((q) => q.name.startsWith(prefix));
  return paginate(mine, (q) => q.name, pageSize, token);
}

export function deleteSubscription(state: PubSubState, name: string): void {
  const queue = getSubscription(state, name);
  rebuild(queue, [], []);
  for (const lessee of [...queue.lessees]) lessee.close?.(notFound('Subscription does not exist'));
  state.subs.delete(name);
  state.indexSubscription(queue, undefined);
  state.journal?.record({ kind: 'subscription-deleted', name });
  state.changed('meta');
  state.listeners.onSubscription?.(queue, 'delete');
}

/** Detaches: the subscription stays but drops its messages and receives no more. */
export function detachSubscription(state: PubSubState, name: string): void {
  const queue = getSubscription(state, name);
  queue.config.detached = true;
  rebuild(queue, [], []);
  for (const lessee of [...queue.lessees])
    lessee.close?.(failedPrecondition('Subscription has been detached.'));
  state.indexSubscription(queue, undefined);
  state.journal?.record({ kind: 'subscription', queue });
  state.changed('meta');
  state.listeners.onSubscription?.(queue, 'upsert');
}

/** Google refuses a dead-letter policy whose topic does not exist. */
function checkDeadLetterTopic(state: PubSubState, topic: string | undefined): void {
  if (topic && !state.topics.has(topic)) throw notFound(`Dead letter topic not found: ${topic}`);
}
