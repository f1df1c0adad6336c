// The on-disk form of the state: topics, subscriptions (config + unacked/retained messages),
// snapshots, and each referenced message once. Plain JSON, versioned; the change log continues it.
import type { PubSubState, StoredMessage, SubscriptionConfig, TopicRecord } from '../state/index.ts';
import { type PersistedExtras, serializeExtras } from './extras.ts';

export interface PersistedState extends PersistedExtras {
  version: 1;
  /** The first change-log generation this file does not contain (absent before the log existed). */
  nextLog?: number;
  seq: number;
  nextMessageId: number;
  messages: {
    seq: number;
    id: string;
    data: string;
    attributes: Record<string, string>;
    orderingKey: string;
    publishTime: number;
    size: number;
  }[];
  topics: {
    name: string;
    labels: Record<string, string>;
    messageRetentionMs?: number;
    kmsKeyName: string;
    schemaSettings?: TopicRecord['schemaSettings'];
    retained: number[];
  }[];
  subscriptions: {
    config: SubscriptionConfig;
    lastActivity: number;
    entries: [seq: number, attempts: number, acked: 0 | 1][];
  }[];
  snapshots: {
    name: string;
    topic: string;
    expireTime: number;
    labels: Record<string, string>;
    seqs: number[];
  }[];
}

export function serialize(state: PubSubState, nextLog: number): PersistedState {
  const messages = new Map<number, StoredMessage>();
  const keep = (m: StoredMessage) => {
    messages.set(m.seq, m);
    return m.seq;
  };
  const topics = [...state.topics.values()].map((t) => ({
    name: t.name,
    labels: t.labels,
    messageRetentionMs: t.messageRetentionMs,
    kmsKeyName: t.kmsKeyName,
    ...(t.schemaSettings ? { schemaSettings: { ...t.schemaSettings } } : {}),
    retained: t.retained.map(keep),
  }));
  const subscriptions = [...state.subs.values()].map((q) => ({
    config: q.config,
    lastActivity: q.lastActivity,
    entries: [...q.log.values()]
      .filter((e) => e.state !== 'dropped')
      .map((e): [number, number, 0 | 1] => [keep(e.msg), e.attempts, e.state === 'acked' ? 1 : 0]),
  }));
  const snapshots = [...state.snapshots.values()].map((s) => ({
    name: s.name,
    topic: s.topic,
    expireTime: s.expireTime,
    labels: s.labels,
    seqs: [...s.messages.values()].map(keep),
  }));
  return {
    version: 1,
    nextLog,
    seq: state.seq,
    nextMessageId: state.nextMessageId,
    // Field by field: a stored message keeps some of these behind getters, which `...` skips.
    messages: [...messages.values()].map((m) => ({
      seq: m.seq,
      id: m.id,
      data: m.data.toString('base64'),
      attributes: m.attributes,
      orderingKey: m.orderingKey,
      publishTime: m.publishTime,
      size: m.size,
    })),
    topics,
    subscriptions,
    snapshots,
    ...serializeExtras(state),
  };
}
