// Spreads a subscription's ready messages over its open lessees (competing consumers), round
// robin, within each lessee's flow-control window.
import type { Lessee } from './entry.ts';
import type { SubscriptionQueue } from './sub-queue.ts';

const MAX_BATCH = 1000;

function room(lessee: Lessee): number {
  if (lessee.maxBytes > 0 && lessee.outstandingBytes >= lessee.maxBytes && lessee.outstandingMessages > 0)
    return 0;
  if (lessee.maxMessages <= 0) return MAX_BATCH;
  return Math.min(MAX_BATCH, lessee.maxMessages - lessee.outstandingMessages);
}

/** Hands ready messages to lessees until the queue or every window is empty. */
export function dispatch(queue: SubscriptionQueue): void {
  const lessees = queue.lessees;
  while (queue.ready.size > 0 && lessees.length > 0) {
    const n = lessees.length;
    const share = Math.max(1, Math.ceil(queue.ready.size / n));
    let progressed = false;
    for (let i = 0; i < n && queue.ready.size > 0; i++) {
      const lessee = lessees[(queue.rr + i) % n];
      if (!lessee) continue;
      const window = room(lessee);
      const max = Math.min(window, share);
      if (max <= 0) continue;
      const bytes = lessee.maxBytes > 0 ? Math.max(1, lessee.maxBytes - lessee.outstandingBytes) : 0;
      // A key's batch counts once in `share` but fills up to the whole window.
      const batch = queue.take(max, bytes, lessee, lessee.ackDeadlineSeconds, window);
      if (batch.length === 0) continue;
      progressed = true;
      lessee.deliver(batch);
    }
    queue.rr = (queue.rr + 1) % Math.max(1, lessees.length);
    if (!progressed) return;
  }
}

export function attach(queue: SubscriptionQueue, lessee: Lessee): void {
  queue.lessees.push(lessee);
  queue.hooks.wake(queue);
}

export function detach(queue: SubscriptionQueue, lessee: Lessee): void {
  const at = queue.lessees.indexOf(lessee);
  if (at >= 0) queue.lessees.splice(at, 1);
}
