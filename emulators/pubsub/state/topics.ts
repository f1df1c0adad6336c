// Topic operations: create/get/update/list/delete, publish with fan-out to subscriptions
// (filtered) and to live snapshots, and the topic-side list calls.
import { alreadyExists, invalidArgument, notFound } from '../../common/index.ts';
import { checkSchemaSettings, schemaAttributes } from '../schemas/topic-schema.ts';
import { passesFilter } from './filter-hook.ts';
import { DAY_MS, DELETED_TOPIC, type SchemaSettings, type StoredMessage, type TopicRecord } from './model.ts';
import { parseName } from './names.ts';
import { type Page, paginate } from './page.ts';
import type { PubSubState } from './pubsub-state.ts';
import { type PublishInput, validatePublish } from './validate-publish.ts';

export interface TopicInput {
  name: string;
  labels?: Record<string, string>;
  messageRetentionMs?: number;
  kmsKeyName?: string;
  schemaSettings?: SchemaSettings;
}

export function createTopic(state: PubSubState, input: TopicInput): TopicRecord {
  parseName(input.name, 'topics');
  if (state.topics.has(input.name)) throw alreadyExists('Topic already exists');
  const topic: TopicRecord = { name: input.name, labels: {}, kmsKeyName: '', retained: [] };
  applyTopic(topic, input, ['labels', 'message_retention_duration', 'kms_key_name']);
  if (input.schemaSettings) {
    checkSchemaSettings(state, input.schemaSettings);
    topic.schemaSettings = input.schemaSettings;
  }
  state.topics.set(topic.name, topic);
  state.journal?.record({ kind: 'topic', topic });
  state.changed('meta');
  return topic;
}

export function getTopic(state: PubSubState, name: string): TopicRecord {
  parseName(name, 'topics');
  const topic = state.topics.get(name);
  if (!topic) throw notFound('Topic not found');
  return topic;
}

export function updateTopic(state: PubSubState, input: TopicInput, paths: string[]): TopicRecord {
  const topic = getTopic(state, input.name);
  if (paths.length === 0) throw invalidArgument('The update_mask must contain at least one path.');
  const next = { ...topic };
  applyTopic(next, input, paths);
  if (paths.some((p) => /^\s*schema_?[sS]ettings\s*$/.test(p))) {
    if (input.schemaSettings) checkSchemaSettings(state, input.schemaSettings);
    next.schemaSettings = input.schemaSettings;
  }
  Object.assign(topic, next);
  state.journal?.record({ kind: 'topic', topic });
  state.changed('meta');
  return topic;
}

function applyTopic(topic: TopicRecord, input: TopicInput, paths: string[]): void {
  for (const raw of paths) {
    const path = raw.trim().replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (path === 'labels') topic.labels = { ...(input.labels ?? {}) };
    else if (path === 'kms_key_name') topic.kmsKeyName = input.kmsKeyName ?? '';
    else if (path === 'message_retention_duration') {
      const ms = input.messageRetentionMs || undefined;
      if (ms !== undefined && (ms < 10 * 60 * 1000 || ms > 31 * DAY_MS)) {
        throw invalidArgument('message_retention_duration must be between 10 minutes and 31 days.');
      }
      topic.messageRetentionMs = ms;
      if (!ms) topic.retained = [];
    } else if (path !== 'message_storage_policy' && path !== 'schema_settings') {
      throw invalidArgument(`Invalid update_mask provided in the UpdateTopicRequest: ${raw}`);
    }
  }
}

export function listTopics(state: PubSubState, project: string, pageSize?: number, token?: string) {
  const prefix = `projects/${project}/topics/`;
  const mine = [...state.topics.values()].filter((t) => t.name.startsWith(prefix));
  return paginate(mine, (t) => t.name, pageSize, token);
}

export function listTopicSubscriptions(state: PubSubState, name: string, size?: number, token?: string) {
  getTopic(state, name);
  const names = [...(state.subsByTopic.get(name) ?? [])].map((q) => q.name);
  return paginate(names, (n) => n, size, token);
}

export function listTopicSnapshots(
  state: PubSubState,
  name: string,
  size?: number,
  token?: string,
): Page<string> {
  getTopic(state, name);
  const names = [...state.snapshots.values()].filter((s) => s.topic === name).map((s) => s.name);
  return paginate(names, (n) => n, size, token);
}

/** Deletes a topic; its subscriptions stay, pointing at `_deleted-topic_`. */
export function deleteTopic(state: PubSubState, name: string): void {
  getTopic(state, name);
  state.topics.delete(name);
  for (const queue of state.subsByTopic.get(name) ?? []) {
    queue.config.topic = DELETED_TOPIC;
    state.indexSubscription(queue, undefined);
  }
  state.subsByTopic.delete(name);
  state.journal?.record({ kind: 'topic-deleted', name });
  state.changed('meta');
}

/** Validates, stores and fans out; returns the server-assigned message ids in request order. */
export function publish(state: PubSubState, name: string, messages: PublishInput[]): string[] {
  const topic = getTopic(state, name);
  const sizes = validatePublish(messages);
  // Every message is checked before any is stored: one invalid message fails the whole request.
  const schemaAttrs = topic.schemaSettings ? messages.map((m) => schemaAttributes(state, topic, m.data)) : [];
  if (!keepsMessages(state, topic)) return discardedIds(state, messages.length);
  return messages.map((m, i) => {
    const attributes = schemaAttrs[i] ? { ...m.attributes, ...schemaAttrs[i] } : m.attributes;
    const msg = state.newMessage(m.data, attributes, m.orderingKey, sizes[i]!);
    deliverToTopic(state, topic, msg);
    return msg.id;
  });
}

/** Whether anything would hold a message published to `topic` now (subscription, retention, snapshot, journal). */
function keepsMessages(state: PubSubState, topic: TopicRecord): boolean {
  if (topic.messageRetentionMs || state.journal) return true;
  if ((state.subsByTopic.get(topic.name)?.size ?? 0) > 0) return true;
  for (const snap of state.snapshots.values()) if (snap.topic === topic.name) return true;
  return false;
}

/**
 * Ids (and seqs) for messages nobody will hold: Google accepts and drops them, and so do we,
 * without copying the payloads (this is every publish to a topic with no subscription).
 */
function discardedIds(state: PubSubState, count: number): string[] {
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = String(state.nextMessageId++);
  state.seq += count;
  state.changed('messages');
  return ids;
}

export function deliverToTopic(state: PubSubState, topic: TopicRecord, msg: StoredMessage): void {
  if (topic.messageRetentionMs) topic.retained.push(msg);
  for (const queue of state.subsByTopic.get(topic.name) ?? []) {
    if (queue.config.detached) continue;
    if (!passesFilter(queue.config.filter, msg.attributes)) continue;
    queue.enqueue(msg);
  }
  for (const snap of state.snapshots.values()) if (snap.topic === topic.name) snap.messages.set(msg.seq, msg);
  state.journal?.record({ kind: 'publish', topic: topic.name, msg });
  state.changed('messages');
}

/** Drops topic-retained messages older than the topic's retention. */
export function pruneTopic(topic: TopicRecord, now: number): void {
  if (!topic.messageRetentionMs) return;
  const cutoff = now - topic.messageRetentionMs;
  let drop = 0;
  while (drop < topic.retained.length && topic.retained[drop]!.publishTime < cutoff) drop++;
  if (drop > 0) topic.retained.splice(0, drop);
}
