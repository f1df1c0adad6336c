// Ordering keys: per key a FIFO of pending entries of which only the head may be delivered.
import { Deque } from './deque.ts';
import type { Entry } from './entry.ts';

export type KeyQueues = Map<string, Deque<Entry>>;

/** Files `entry` under `key`; true when it is the head (deliverable now), false when it waits. */
export function admitToKey(keys: KeyQueues, key: string, entry: Entry): boolean {
  const pending = keys.get(key);
  if (pending) {
    pending.push(entry);
    return false;
  }
  const queue = new Deque<Entry>();
  queue.push(entry);
  keys.set(key, queue);
  return true;
}

/**
 * Removes a finished head and returns the next entry that is still waiting, if any. A non-head
 * entry that finished early (retention) is skipped when it reaches the head.
 */
export function advanceKey(keys: KeyQueues, key: string, finished: Entry): Entry | undefined {
  const pending = keys.get(key);
  if (!pending || pending.peek() !== finished) return undefined;
  pending.shift();
  let next = pending.peek();
  while (next && (next.state === 'acked' || next.state === 'dropped')) {
    pending.shift();
    next = pending.peek();
  }
  if (!next) keys.delete(key);
  return next?.state === 'waiting' ? next : undefined;
}
