// Snapshots (create/get/list/update/delete) and Seek to a snapshot or a time.
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../../common/index.ts';
import type { SeekTarget } from './journal.ts';
import { DAY_MS, type SnapshotRecord, type StoredMessage } from './model.ts';
import { parseName } from './names.ts';
import { paginate } from './page.ts';
import type { PubSubState } from './pubsub-state.ts';
import { rebuild, seekToTime } from './seek.ts';
import { getSubscription } from './subscriptions.ts';

const SNAPSHOT_LIFETIME_MS = 7 * DAY_MS;
/** The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. */
const MIN_TIMESTAMP_MS = -62_135_596_800_000;
const MAX_TIMESTAMP_MS = 253_402_300_799_999;

export function createSnapshot(
  state: PubSubState,
  name: string,
  subName: string,
  labels: Record<string, string>,
) {
  parseName(name, 'snapshots');
  const queue = getSubscription(state, subName);
  if (state.snapshots.has(name)) throw alreadyExists('Snapshot already exists');
  if (!state.topics.has(queue.config.topic)) {
    throw failedPrecondition("The subscription's topic has been deleted; cannot create a snapshot.");
  }
  const messages = new Map<number, StoredMessage>();
  let oldest = state.now();
  for (const entry of queue.log.values()) {
    if (entry.state === 'acked' || entry.state === 'dropped') continue;
    messages.set(entry.msg.seq, entry.msg);
    oldest = Math.min(oldest, entry.msg.publishTime);
  }
  const snap: SnapshotRecord = {
    name,
    topic: queue.config.topic,
    expireTime: oldest + SNAPSHOT_LIFETIME_MS,
    labels: { ...labels },
    messages,
  };
  state.snapshots.set(name, snap);
  state.journal?.record({ kind: 'snapshot', snapshot: snap, created: true });
  state.changed('meta');
  return snap;
}

export function getSnapshot(state: PubSubState, name: string): SnapshotRecord {
  parseName(name, 'snapshots');
  const snap = state.snapshots.get(name);
  if (!snap) throw notFound('Snapshot does not exist');
  return snap;
}

export function updateSnapshot(
  state: PubSubState,
  name: string,
  input: { labels?: Record<string, string>; expireTime?: number },
  paths: string[],
): SnapshotRecord {
  const snap = getSnapshot(state, name);
  if (paths.length === 0) throw invalidArgument('The update_mask must contain at least one path.');
  for (const raw of paths) {
    const path = raw.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (path === 'labels') snap.labels = { ...(input.labels ?? {}) };
    else if (path === 'expire_time') {
      if (!input.expireTime || input.expireTime <= state.now()) {
        throw invalidArgument('expire_time must be in the future.');
      }
      snap.expireTime = input.expireTime;
    } else throw invalidArgument(`Invalid update_mask provided in the UpdateSnapshotRequest: ${raw}`);
  }
  state.journal?.record({ kind: 'snapshot', snapshot: snap, created: false });
  state.changed('meta');
  return snap;
}

export function listSnapshots(state: PubSubState, project: string, pageSize?: number, token?: string) {
  const prefix = `projects/${project}/snapshots/`;
  const mine = [...state.snapshots.values()].filter((s) => s.name.startsWith(prefix));
  return paginate(mine, (s) => s.name, pageSize, token);
}

export function deleteSnapshot(state: PubSubState, name: string): void {
  getSnapshot(state, name);
  state.snapshots.delete(name);
  state.journal?.record({ kind: 'snapshot-deleted', name });
  state.changed('meta');
}

export function seek(state: PubSubState, subName: string, target: SeekTarget): void {
  if ('time' in target && !(target.time >= MIN_TIMESTAMP_MS && target.time <= MAX_TIMESTAMP_MS)) {
    throw invalidArgument(
      'Invalid time: a timestamp must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z.',
    );
  }
  const queue = getSubscription(state, subName);
  if ('snapshot' in target) {
    const snap = getSnapshot(state, target.snapshot);
    if (snap.topic !== queue.config.topic) {
      throw failedPrecondition("The snapshot's topic differs from the subscription's topic.");
    }
    const acked = [...queue.log.values()].map((e) => e.msg).filter((m) => !snap.messages.has(m.seq));
    rebuild(queue, [...snap.messages.values()], acked);
  } else {
    const topic = state.topics.get(queue.config.topic);
    seekToTime(queue, target.time, topic?.retained ?? []);
  }
  state.journal?.record({ kind: 'seek', subscription: subName, target });
  state.changed('messages');
}
