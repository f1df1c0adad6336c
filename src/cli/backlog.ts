// Backlog of a subscription without consuming it. The Pub/Sub API has no "count unacked" call
// (Google exposes it only as the Cloud Monitoring metric subscription/num_undelivered_messages), so
// we measure over the API itself: snapshot the subscription (its unacked messages), seek a throwaway
// pull subscription to that snapshot, count what it can pull, then delete both. The subscription
// itself is never pulled, acked or nacked: delivery attempts, leases and ordering stay untouched.
import { randomUUID } from 'node:crypto';
import type { PubSub } from '@google-cloud/pubsub';
import { PROBE_PREFIX } from '../topology/index.ts';
import { pullOnce } from './pubsub-rpc.ts';

export interface Backlog {
  /** Unacked messages (in flight included, as Google's metric counts them). */
  count: number;
  /** True when counting stopped at the limit: the backlog is at least `count`. */
  capped: boolean;
}

export async function measureBacklog(pubsub: PubSub, subscription: string, limit = 10_000): Promise<Backlog> {
  const source = pubsub.subscription(subscription);
  const [metadata] = await source.getMetadata();
  const id = `${PROBE_PREFIX}${randomUUID().slice(0, 8)}`;
  const [snapshot] = await source.createSnapshot(id);
  try {
    // Same filter, so anything published meanwhile is counted as the subscription would see it;
    // unordered, so one blocked ordering key cannot hide the rest.
    const [probe] = await pubsub.createSubscription(String(metadata.topic), id, {
      ackDeadlineSeconds: 600,
      filter: metadata.filter ?? '',
    });
    try {
      await probe.seek(snapshot.name);
      let count = 0;
      // Nothing is acked: pulled messages stay leased for 600 s, so each pull returns new ones.
      while (count < limit) {
        const batch = await pullOnce(pubsub, id, Math.min(1000, limit - count));
        if (batch.length === 0) break;
        count += batch.length;
      }
      return { count, capped: count >= limit };
    } finally {
      await probe.delete();
    }
  } finally {
    await snapshot.delete();
  }
}
