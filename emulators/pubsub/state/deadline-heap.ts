// A binary min-heap of (time, item) pairs: the one place every lease, backoff and retention
// deadline of the emulator waits, so a backlog of a million messages costs no timers at all.

interface Slot<T> {
  at: number;
  seq: number;
  item: T;
}

/** Min-heap ordered by time, then insertion order. Stale entries are skipped by the caller. */
export class DeadlineHeap<T> {
  private readonly slots: Slot<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.slots.length;
  }

  /** Earliest deadline, or undefined when empty. */
  peekTime(): number | undefined {
    return this.slots[0]?.at;
  }

  push(at: number, item: T): void {
    const slots = this.slots;
    slots.push({ at, seq: this.seq++, item });
    let i = slots.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(slots[i]!, slots[parent]!)) break;
      swap(slots, i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest item if its time is <= `now`. */
  popDue(now: number): T | undefined {
    const slots = this.slots;
    const top = slots[0];
    if (!top || top.at > now) return undefined;
    const last = slots.pop()!;
    if (slots.length > 0) {
      slots[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < slots.length && less(slots[l]!, slots[m]!)) m = l;
        if (r < slots.length && less(slots[r]!, slots[m]!)) m = r;
        if (m === i) break;
        swap(slots, i, m);
        i = m;
      }
    }
    return top.item;
  }

  clear(): void {
    this.slots.length = 0;
  }
}

function less<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function swap<T>(slots: Slot<T>[], i: number, j: number): void {
  const t = slots[i]!;
  slots[i] = slots[j]!;
  slots[j] = t;
}
