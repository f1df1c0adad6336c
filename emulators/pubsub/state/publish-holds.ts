// Messages of a Publish that has not been answered yet (with --data-dir the answer waits for the
// disk): no lessee gets them before the publisher has its message ids, as on Google.
import type { SubscriptionQueue } from './sub-queue.ts';

export class PublishHolds {
  /** Held seq ranges (lo, hi], in the order the publishes ran; usually a handful. */
  private readonly ranges: { lo: number; hi: number }[] = [];
  /** Queues whose dispatch stopped at a held message; woken on release. */
  private readonly blocked = new Set<SubscriptionQueue>();

  constructor(private readonly wake: (queue: SubscriptionQueue) => void) {}

  /** Holds seqs `lo + 1` … `hi`; the returned function lets them go (and wakes who waited). */
  hold(lo: number, hi: number): () => void {
    const range = { lo, hi };
    this.ranges.push(range);
    return () => {
      const at = this.ranges.indexOf(range);
      if (at < 0) return;
      this.ranges.splice(at, 1);
      const queues = [...this.blocked];
      this.blocked.clear();
      for (const q of queues) this.wake(q);
    };
  }

  /** True when `seq` belongs to an unanswered publish; `queue` is then woken on its release. */
  holds(seq: number, queue: SubscriptionQueue): boolean {
    if (this.ranges.length === 0) return false;
    for (const r of this.ranges) {
      if (seq > r.lo && seq <= r.hi) {
        this.blocked.add(queue);
        return true;
      }
    }
    return false;
  }
}
