// A binary min-heap of (time, seq) keys: the runner's "which task is due first" in O(log n),
// so a queue with many thousands of tasks does not scan them all per dispatch.

export interface HeapEntry<T> {
  at: number;
  seq: number;
  value: T;
}

const before = <T>(a: HeapEntry<T>, b: HeapEntry<T>) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class DueHeap<T> {
  readonly #items: HeapEntry<T>[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(entry: HeapEntry<T>): void {
    const a = this.#items;
    a.push(entry);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i] as HeapEntry<T>, a[parent] as HeapEntry<T>)) break;
      [a[i], a[parent]] = [a[parent] as HeapEntry<T>, a[i] as HeapEntry<T>];
      i = parent;
    }
  }

  peek(): HeapEntry<T> | undefined {
    return this.#items[0];
  }

  pop(): HeapEntry<T> | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as HeapEntry<T>, a[m] as HeapEntry<T>)) m = l;
        if (r < a.length && before(a[r] as HeapEntry<T>, a[m] as HeapEntry<T>)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as HeapEntry<T>, a[i] as HeapEntry<T>];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
