// Ordering keys: per key the pending entries in publish order. The non-waiting ones (leased,
// ready, backing off, finished but not yet passed) are a prefix; the waiting ones follow it.
import type { Entry } from './entry.ts';

/** One key's pending entries: an array with a moving head (compacted as the head advances). */
export class KeyLine {
  private items: (Entry | undefined)[] = [];
  private start = 0;

  get size(): number {
    return this.items.length - this.start;
  }

  push(entry: Entry): void {
    this.items.push(entry);
  }

  at(i: number): Entry | undefined {
    return this.items[this.start + i];
  }

  shift(): void {
    this.items[this.start++] = undefined;
    if (this.start >= 1024 && this.start * 2 >= this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** Position of `entry` (searched from the head: it is in the short non-waiting prefix). */
  indexOf(entry: Entry): number {
    for (let i = this.start; i < this.items.length; i++) if (this.items[i] === entry) return i - this.start;
    return -1;
  }
}

export type KeyQueues = Map<string, KeyLine>;

const finished = (e: Entry) => e.state === 'acked' || e.state === 'dropped';

/** Files `entry` under `key`; true when the key was idle (deliverable now), false when it waits. */
export function admitToKey(keys: KeyQueues, key: string, entry: Entry): boolean {
  const pending = keys.get(key);
  if (pending) {
    pending.push(entry);
    return false;
  }
  const line = new KeyLine();
  line.push(entry);
  keys.set(key, line);
  return true;
}

/**
 * Drops finished entries from the head of the key's line. Returns the new head when it is
 * waiting (the key's previous batch is done: the next one may start), else undefined.
 */
export function advanceKey(keys: KeyQueues, key: string): Entry | undefined {
  const line = keys.get(key);
  if (!line) return undefined;
  let head = line.at(0);
  while (head && finished(head)) {
    line.shift();
    head = line.at(0);
  }
  if (!head) keys.delete(key);
  return head?.state === 'waiting' ? head : undefined;
}

/** The waiting entries right after `entry` in its key's line, in order (the rest of its batch). */
export function* followers(keys: KeyQueues, key: string, entry: Entry): Generator<Entry> {
  const line = keys.get(key);
  if (!line) return;
  const at = line.indexOf(entry);
  if (at < 0) return;
  for (let i = at + 1; ; i++) {
    const next = line.at(i);
    if (!next) return;
    if (finished(next)) continue;
    if (next.state !== 'waiting') return;
    yield next;
  }
}

/**
 * On a redelivery of `entry`: the entries after it in its batch (its key's line up to the first
 * waiting one) go back to waiting, so they follow it again in order. Unfinished ones (leased,
 * ready, backing off) are released first; acked ones are handed to `revive` when it is given
 * (Google redelivers even the later messages of the key that were acked), else stay done.
 */
export function sendBackAfter(
  keys: KeyQueues,
  key: string,
  entry: Entry,
  release: (e: Entry) => void,
  revive?: (e: Entry) => void,
): void {
  const line = keys.get(key);
  const at = line ? line.indexOf(entry) : -1;
  if (!line || at < 0) return;
  for (let i = at + 1; ; i++) {
    const next = line.at(i);
    if (!next || next.state === 'waiting') return;
    if (next.state === 'dropped') continue;
    if (next.state === 'acked') {
      if (!revive) continue;
      revive(next);
    } else {
      release(next);
    }
    next.state = 'waiting';
  }
}
