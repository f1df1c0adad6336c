// Rebuilds a fresh state from its persisted form: leases are gone, so every unacked message is
// deliverable again (with its delivery count kept). Returns the restored messages by seq.
import type { PubSubState, StoredMessage } from '../state/index.ts';
import { packMessage } from '../state/packed-message.ts';
import { SubscriptionQueue } from '../state/sub-queue.ts';
import { restoreExtras } from './extras.ts';
import type { PersistedState } from './snapshot-file.ts';

export function restore(state: PubSubState, saved: PersistedState): Map<number, StoredMessage> {
  const messages = new Map<number, StoredMessage>();
  for (const m of saved.messages) {
    const data = Buffer.from(m.data, 'base64');
    messages.set(m.seq, packMessage(state.payloads, { ...m, id: Number(m.id), data }));
  }
  const msg = (seq: number) => messages.get(seq);
  state.seq = Math.max(state.seq, saved.seq);
  state.nextMessageId = Math.max(state.nextMessageId, saved.nextMessageId);
  for (const t of saved.topics) {
    const retained = t.retained.map(msg).filter((m): m is StoredMessage => !!m);
    state.topics.set(t.name, { ...t, retained });
  }
  for (const s of saved.subscriptions) {
    const queue = new SubscriptionQueue(s.config, state.hooks);
    queue.lastActivity = s.lastActivity;
    state.subs.set(queue.name, queue);
    if (!s.config.detached && state.topics.has(s.config.topic))
      state.indexSubscription(queue, s.config.topic);
    for (const [seq, attempts, acked] of s.entries) {
      const m = msg(seq);
      if (!m) continue;
      queue.enqueue(m, attempts);
      if (acked) queue.finish(queue.log.get(m.seq)!, true);
    }
  }
  for (const s of saved.snapshots) {
    const map = new Map<number, StoredMessage>();
    for (const seq of s.seqs) {
      const m = msg(seq);
      if (m) map.set(seq, m);
    }
    state.snapshots.set(s.name, {
      name: s.name,
      topic: s.topic,
      expireTime: s.expireTime,
      labels: s.labels,
      messages: map,
    });
  }
  restoreExtras(state, saved);
  return messages;
}
