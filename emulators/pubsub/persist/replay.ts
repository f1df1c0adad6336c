// Applies log records to a state restored from the last snapshot file, in log order. Each record
// holds the outcome of the change, so replay yields the state the emulator had acknowledged
// (minus acks and leases, which are not logged).
import {
  deleteSubscription,
  deleteTopic,
  deliverToTopic,
  type PubSubState,
  type SeekTarget,
  type StoredMessage,
  type SubscriptionConfig,
  seek,
} from '../state/index.ts';
import { packMessage } from '../state/packed-message.ts';
import { rebuild } from '../state/seek.ts';
import { SubscriptionQueue } from '../state/sub-queue.ts';
import { applyDoc } from './extras.ts';
import type { DecodedRecord } from './log-record.ts';

type H = Record<string, unknown>;
const str = (v: unknown) => String(v ?? '');
const strMap = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, string>) : {});

/** `known`: every message restored or replayed so far by seq (snapshot records refer to them). */
export function applyRecord(
  state: PubSubState,
  record: DecodedRecord,
  known: Map<number, StoredMessage>,
): void {
  const h = record.header;
  switch (h.k) {
    case 'publish':
      replayPublish(state, h, record.body, known);
      return;
    case 'topic': {
      const name = str(h.name);
      const topic = state.topics.get(name) ?? { name, labels: {}, kmsKeyName: '', retained: [] };
      topic.labels = strMap(h.labels);
      topic.messageRetentionMs = typeof h.retentionMs === 'number' ? h.retentionMs : undefined;
      topic.kmsKeyName = str(h.kms);
      topic.schemaSettings = h.schema ? (h.schema as typeof topic.schemaSettings) : undefined;
      if (!topic.messageRetentionMs) topic.retained = [];
      state.topics.set(name, topic);
      return;
    }
    case 'topic-deleted':
      if (state.topics.has(str(h.name))) deleteTopic(state, str(h.name));
      return;
    case 'subscription':
      replaySubscription(state, h.config as SubscriptionConfig, Number(h.lastActivity));
      return;
    case 'subscription-deleted':
      if (state.subs.has(str(h.name))) deleteSubscription(state, str(h.name));
      return;
    case 'snapshot':
      replaySnapshot(state, h, known);
      return;
    case 'snapshot-deleted':
      state.snapshots.delete(str(h.name));
      return;
    case 'doc':
      applyDoc(state, h.section, str(h.key), h.value);
      return;
    case 'seek': {
      const sub = str(h.subscription);
      if (!state.subs.has(sub)) return;
      const target: SeekTarget =
        typeof h.snapshot === 'string' ? { snapshot: h.snapshot } : { time: Number(h.time) };
      // Replay runs in log order, so the snapshot exists unless housekeeping had expired it.
      if ('snapshot' in target && !state.snapshots.has(target.snapshot)) return;
      seek(state, sub, target);
      return;
    }
  }
}

function replayPublish(state: PubSubState, h: H, body: Buffer, known: Map<number, StoredMessage>): void {
  const seq = Number(h.seq);
  const id = Number(h.id);
  state.seq = Math.max(state.seq, seq);
  state.nextMessageId = Math.max(state.nextMessageId, id + 1);
  const msg = packMessage(state.payloads, {
    seq,
    id,
    data: body,
    attributes: strMap(h.attrs),
    orderingKey: str(h.key),
    publishTime: Number(h.time),
    size: Number(h.size),
  });
  known.set(seq, msg);
  const topic = state.topics.get(str(h.topic));
  if (topic) deliverToTopic(state, topic, msg);
}

function replaySubscription(state: PubSubState, config: SubscriptionConfig, lastActivity: number): void {
  const existing = state.subs.get(config.name);
  if (!existing) {
    const queue = new SubscriptionQueue(config, state.hooks);
    queue.lastActivity = lastActivity;
    state.subs.set(queue.name, queue);
    if (!config.detached && state.topics.has(config.topic)) state.indexSubscription(queue, config.topic);
    return;
  }
  const detaching = config.detached && !existing.config.detached;
  existing.config = config;
  existing.lastActivity = lastActivity;
  if (detaching) {
    rebuild(existing, [], []);
    state.indexSubscription(existing, undefined);
  }
}

function replaySnapshot(state: PubSubState, h: H, known: Map<number, StoredMessage>): void {
  const name = str(h.name);
  const existing = state.snapshots.get(name);
  if (!existing && !Array.isArray(h.seqs)) return;
  const messages = existing?.messages ?? new Map<number, StoredMessage>();
  if (Array.isArray(h.seqs)) {
    messages.clear();
    for (const seq of h.seqs as number[]) {
      const m = known.get(seq);
      if (m) messages.set(seq, m);
    }
  }
  state.snapshots.set(name, {
    name,
    topic: str(h.topic),
    expireTime: Number(h.expireTime),
    labels: strMap(h.labels),
    messages,
  });
}
