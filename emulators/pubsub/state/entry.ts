// One message as one subscription sees it, plus the lessee (a stream, a Pull or a push worker)
// that holds it. Entries are plain records; the heap refers to them, no closures are made.
import type { Delivery, StoredMessage } from './model.ts';

export type EntryState = 'ready' | 'leased' | 'backoff' | 'waiting' | 'acked' | 'dropped';

/** Whoever leases messages: a StreamingPull stream, a waiting Pull, or a push worker. */
export interface Lessee {
  /** 0 = unlimited. */
  maxMessages: number;
  /** 0 = unlimited. */
  maxBytes: number;
  outstandingMessages: number;
  outstandingBytes: number;
  /** Initial lease for messages handed to this lessee. */
  ackDeadlineSeconds: number;
  deliver(deliveries: Delivery[]): void;
  /** Ends the lessee because its subscription went away (deleted or detached). */
  close?(err: Error): void;
}

/** What the deadline heap calls back when an entry's deadline passes. */
export interface DeadlineOwner {
  onDeadline(entry: Entry): void;
}

export interface Entry {
  owner: DeadlineOwner;
  msg: StoredMessage;
  state: EntryState;
  /** Deliveries so far. */
  attempts: number;
  /** Bumped on every delivery; part of the ack id, so old ack ids go stale. */
  gen: number;
  /** Lease expiry or end of backoff (ms), depending on state. */
  deadline: number;
  /** Time of this entry's earliest live heap record, 0 when it has none (extensions re-arm lazily). */
  heapAt: number;
  lessee: Lessee | undefined;
}

export function newEntry(owner: DeadlineOwner, msg: StoredMessage): Entry {
  return { owner, msg, state: 'ready', attempts: 0, gen: 0, deadline: 0, heapAt: 0, lessee: undefined };
}

/** Exponential backoff of the retry policy: min·2^(attempt-1), capped at max. */
export function retryBackoffMs(minMs: number, maxMs: number, attempts: number): number {
  const exp = Math.min(30, Math.max(0, attempts - 1));
  return Math.min(maxMs, minMs * 2 ** exp);
}
