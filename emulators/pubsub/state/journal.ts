// What the state tells a durable store about each change that must survive a crash (a publish and
// every metadata change), emitted synchronously right after the change, in the order they happen.
// Acks, leases and delivery counts are not journaled: losing them only means a redelivery.
import type { SnapshotRecord, StoredMessage, TopicRecord } from './model.ts';
import type { SubscriptionQueue } from './sub-queue.ts';

export type SeekTarget = { time: number } | { snapshot: string };

export type JournalEvent =
  | { kind: 'publish'; topic: string; msg: StoredMessage }
  | { kind: 'topic'; topic: TopicRecord }
  | { kind: 'topic-deleted'; name: string }
  | { kind: 'subscription'; queue: SubscriptionQueue }
  | { kind: 'subscription-deleted'; name: string }
  /** `created`: the snapshot is new and its message set is part of the event. */
  | { kind: 'snapshot'; snapshot: SnapshotRecord; created: boolean }
  | { kind: 'snapshot-deleted'; name: string }
  | { kind: 'seek'; subscription: string; target: SeekTarget }
  /** A keyed document kept beside the state (a schema's revisions, an IAM policy); null: deleted. */
  | { kind: 'doc'; section: 'schemas' | 'iam'; key: string; value: unknown };

export interface Journal {
  /** Takes note of a change; must copy what it needs now (the objects keep changing). */
  record(event: JournalEvent): void;
  /**
   * Resolves once everything recorded so far is on disk; undefined when nothing is pending, so a
   * caller with nothing to wait for stays synchronous.
   */
  barrier(): Promise<void> | undefined;
}
