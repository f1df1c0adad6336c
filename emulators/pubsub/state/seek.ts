// Rewriting a subscription's log: Seek (to a time or a snapshot) and retention pruning.
import type { StoredMessage } from './model.ts';
import type { SubscriptionQueue } from './sub-queue.ts';

/**
 * Replaces the queue's log: `unacked` become deliverable again (in publish order), `acked`
 * are kept as acknowledged when the subscription retains acked messages. Live leases end.
 */
export function rebuild(queue: SubscriptionQueue, unacked: StoredMessage[], acked: StoredMessage[]): void {
  const attempts = new Map<number, number>();
  for (const entry of queue.log.values()) {
    attempts.set(entry.msg.seq, entry.attempts);
    queue.release(entry);
    entry.state = 'dropped';
  }
  queue.log.clear();
  queue.ready.clear();
  queue.keys.clear();
  queue.unacked = 0;
  const all = [
    ...unacked.map((m) => ({ m, unacked: true })),
    ...(queue.config.retainAckedMessages ? acked.map((m) => ({ m, unacked: false })) : []),
  ].sort((a, b) => a.m.seq - b.m.seq);
  for (const { m, unacked: isUnacked } of all) {
    if (queue.log.has(m.seq)) continue;
    queue.enqueue(m, attempts.get(m.seq) ?? 0);
    if (!isUnacked) queue.finish(queue.log.get(m.seq)!, true);
  }
}

/** Seek to a time: messages published at or after `time` become unacked, older ones acked. */
export function seekToTime(queue: SubscriptionQueue, time: number, topicRetained: StoredMessage[]): void {
  const known = new Map<number, StoredMessage>();
  for (const m of topicRetained) known.set(m.seq, m);
  for (const entry of queue.log.values()) known.set(entry.msg.seq, entry.msg);
  const unacked: StoredMessage[] = [];
  const acked: StoredMessage[] = [];
  for (const m of known.values()) (m.publishTime >= time ? unacked : acked).push(m);
  rebuild(queue, unacked, acked);
}

/** Drops what is older than the subscription's retention (the log is in publish order). */
export function pruneRetention(queue: SubscriptionQueue, now: number): void {
  const cutoff = now - queue.config.messageRetentionMs;
  for (const entry of queue.log.values()) {
    if (entry.msg.publishTime >= cutoff) break;
    if (entry.state === 'acked') {
      entry.state = 'dropped';
      queue.log.delete(entry.msg.seq);
    } else {
      queue.finish(entry, false);
    }
  }
}
