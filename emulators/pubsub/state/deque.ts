// A FIFO queue in blocks of at most 1,024 slots: O(1) push/shift, and a million-entry backlog
// never reallocates (and copies) one huge array the way a single growing array does.

const BLOCK = 1024;

export class Deque<T> {
  /** Oldest block first; only the last one grows, so a small queue stays one small array. */
  private blocks: (T | undefined)[][] = [[]];
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    let tail = this.blocks[this.blocks.length - 1]!;
    if (tail.length === BLOCK) {
      tail = [];
      this.blocks.push(tail);
    }
    tail.push(item);
    this.count++;
  }

  peek(): T | undefined {
    return this.count > 0 ? this.blocks[0]![this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const first = this.blocks[0]!;
    const item = first[this.head];
    first[this.head++] = undefined;
    this.count--;
    if (this.head === first.length) {
      if (this.blocks.length > 1) this.blocks.shift();
      else first.length = 0;
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.blocks = [[]];
    this.head = 0;
    this.count = 0;
  }
}
