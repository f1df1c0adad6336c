// Periodic upkeep on the injected clock: retention, expired snapshots, expired subscriptions.
import type { CancelTimer } from '../../common/index.ts';
import type { PubSubState } from './pubsub-state.ts';
import { pruneRetention } from './seek.ts';
import { deleteSubscription } from './subscriptions.ts';
import { pruneTopic } from './topics.ts';

const SWEEP_MS = 60_000;

/** One sweep over everything; returns nothing, mutates state. */
export function sweep(state: PubSubState): void {
  const now = state.now();
  for (const topic of state.topics.values()) pruneTopic(topic, now);
  for (const queue of [...state.subs.values()]) {
    pruneRetention(queue, now);
    const ttl = queue.config.expirationTtlMs;
    if (ttl && now - queue.lastActivity > ttl && queue.lessees.length === 0) {
      deleteSubscription(state, queue.name);
    }
  }
  for (const snap of [...state.snapshots.values()]) {
    if (snap.expireTime <= now) {
      state.snapshots.delete(snap.name);
      state.journal?.record({ kind: 'snapshot-deleted', name: snap.name });
      state.changed('meta');
      continue;
    }
    const cutoff = now - 7 * 24 * 60 * 60 * 1000;
    for (const [seq, m] of snap.messages) {
      if (m.publishTime >= cutoff) break;
      snap.messages.delete(seq);
    }
  }
}

/** Sweeps every minute of clock time until the returned function is called. */
export function startHousekeeping(state: PubSubState): CancelTimer {
  let cancel: CancelTimer | undefined;
  let stopped = false;
  const arm = () => {
    cancel = state.clock.setTimer(state.now() + SWEEP_MS, () => {
      if (stopped) return;
      sweep(state);
      arm();
    });
  };
  arm();
  return () => {
    stopped = true;
    cancel?.();
  };
}
