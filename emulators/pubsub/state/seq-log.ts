// A subscription's entries by message seq, in publish order. Appends come in rising seq order, so
// chunks of sorted slots answer lookups by binary search: 16 bytes an entry instead of a Map's
// ~30, and no rehash that reallocates a table the size of the whole backlog.
//
// A message never delivered yet sits in its slot as the bare StoredMessage: its Entry (state
// ready, no attempts) is only made when something needs it, so a backlog nobody pulls costs no
// Entry objects. `get` and `values` hand out Entries, making them on the way.
import type { Entry } from './entry.ts';
import type { StoredMessage } from './model.ts';

export type Slot = Entry | StoredMessage;

export const isEntry = (slot: Slot): slot is Entry => (slot as Entry).msg !== undefined;

const CHUNK = 1024;

interface Chunk {
  /** Seqs of the slots, rising; a deleted slot keeps its seq so the search still works. */
  seqs: number[];
  entries: (Slot | undefined)[];
  live: number;
}

export class SeqLog {
  /** `entryOf` makes the Entry of a message that has none yet. */
  constructor(private readonly entryOf: (msg: StoredMessage) => Entry) {}

  private chunks: Chunk[] = [];
  private count = 0;
  /** Open `values()` iterations: empty chunks are only unlinked when none is running. */
  private iterating = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an entry (or an undelivered message) whose seq is not in the log yet. */
  set(seq: number, entry: Slot): void {
    let tail = this.chunks[this.chunks.length - 1];
    if (tail && tail.seqs.length > 0 && seq <= tail.seqs[tail.seqs.length - 1]!) {
      this.insertOutOfOrder(seq, entry);
      return;
    }
    if (!tail || tail.seqs.length === CHUNK) {
      tail = { seqs: [], entries: [], live: 0 };
      this.chunks.push(tail);
    }
    tail.seqs.push(seq);
    tail.entries.push(entry);
    tail.live++;
    this.count++;
  }

  /** The Entry of `seq` (made now if the message had none yet). */
  get(seq: number): Entry | undefined {
    return this.find(seq) ? this.entryAt(this.foundChunk!, this.foundIndex) : undefined;
  }

  /** What the slot of `seq` holds, without making an Entry. */
  slot(seq: number): Slot | undefined {
    return this.find(seq) ? this.foundChunk!.entries[this.foundIndex] : undefined;
  }

  /**
   * The ready Entry a bare message in the ready queue stands for: its slot still holds it (the
   * Entry is made now), or holds the Entry a lookup made meanwhile, still ready. Else undefined.
   */
  readyEntryOf(msg: StoredMessage): Entry | undefined {
    if (!this.find(msg.seq)) return undefined;
    const slot = this.foundChunk!.entries[this.foundIndex];
    if (slot === msg) return this.entryAt(this.foundChunk!, this.foundIndex);
    return slot && isEntry(slot) && slot.msg === msg && slot.state === 'ready' ? slot : undefined;
  }

  has(seq: number): boolean {
    return this.slot(seq) !== undefined;
  }

  delete(seq: number): boolean {
    if (!this.find(seq)) return false;
    const chunk = this.foundChunk!;
    if (chunk.entries[this.foundIndex] === undefined) return false;
    chunk.entries[this.foundIndex] = undefined;
    chunk.live--;
    this.count--;
    if (chunk.live === 0 && this.iterating === 0) this.unlinkEmpty();
    return true;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
    this.foundChunk = undefined;
  }

  /** Live entries in seq order; deleting (even the current one) while iterating is allowed. */
  *values(): Generator<Entry> {
    this.iterating++;
    try {
      for (let c = 0; c < this.chunks.length; c++) {
        const chunk = this.chunks[c]!;
        for (let i = 0; i < chunk.entries.length; i++) {
          const entry = this.entryAt(chunk, i);
          if (entry) yield entry;
        }
      }
    } finally {
      if (--this.iterating === 0) this.unlinkEmpty();
    }
  }

  /**
   * Live slots with seq >= `from`, in seq order, WITHOUT making Entries (a read-only look, e.g.
   * the dashboard's peek): a bare message stays bare, so nothing about delivery changes.
   */
  *slotsFrom(from: number): Generator<Slot> {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    // The first chunk whose last seq is >= from.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const seqs = chunks[mid]!.seqs;
      if (seqs[seqs.length - 1]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let c = lo; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      for (let i = 0; i < chunk.entries.length; i++) {
        const slot = chunk.entries[i];
        if (slot !== undefined && chunk.seqs[i]! >= from) yield slot;
      }
    }
  }

  private entryAt(chunk: Chunk, index: number): Entry | undefined {
    const slot = chunk.entries[index];
    if (slot === undefined || isEntry(slot)) return slot;
    const entry = this.entryOf(slot);
    chunk.entries[index] = entry;
    return entry;
  }

  /** Where the last successful `find` landed (fields, not a result object: this runs per ack). */
  private foundChunk: Chunk | undefined;
  private foundIndex = 0;

  private find(seq: number): boolean {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    // The last chunk whose first seq is <= seq.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid]!.seqs[0]! <= seq) lo = mid;
      else hi = mid - 1;
    }
    const chunk = chunks[lo];
    if (!chunk) return false;
    const seqs = chunk.seqs;
    let a = 0;
    let b = seqs.length - 1;
    while (a <= b) {
      const mid = (a + b) >> 1;
      const s = seqs[mid]!;
      if (s === seq) {
        this.foundChunk = chunk;
        this.foundIndex = mid;
        return true;
      }
      if (s < seq) a = mid + 1;
      else b = mid - 1;
    }
    return false;
  }

  private unlinkEmpty(): void {
    if (this.chunks.some((c) => c.live === 0)) this.chunks = this.chunks.filter((c) => c.live > 0);
  }

  /** Never expected (seqs rise), but kept correct: rebuild in order. */
  private insertOutOfOrder(seq: number, entry: Slot): void {
    const all: [number, Slot][] = [];
    for (const chunk of this.chunks) {
      chunk.entries.forEach((e, i) => {
        if (e) all.push([chunk.seqs[i]!, e]);
      });
    }
    all.push([seq, entry]);
    all.sort((x, y) => x[0] - y[0]);
    this.clear();
    for (const [s, e] of all) this.set(s, e);
  }
}
