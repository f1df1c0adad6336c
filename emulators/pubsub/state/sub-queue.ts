// The message log of one subscription: what is ready, leased, backing off or waiting behind an
// ordering key, and the lease rules (ack, modack, nack, expiry, dead-lettering) over ack ids.
import { formatAckId, parseAckId } from './ack-id.ts';
import { Deque } from './deque.ts';
import { type Entry, type Lessee, newEntry, retryBackoffMs } from './entry.ts';
import { admitToKey, advanceKey, followers, type KeyQueues, sendBackAfter } from './key-order.ts';
import type { Delivery, StoredMessage, SubscriptionConfig } from './model.ts';
import { isEntry, SeqLog, type Slot } from './seq-log.ts';

export interface QueueHooks {
  now(): number;
  /** Registers `entry.deadline` in the deadline heap. */
  schedule(entry: Entry): void;
  /** Asks for a (coalesced) dispatch of this queue's ready messages. */
  wake(queue: SubscriptionQueue): void;
  /** Forwards an exhausted message to the dead-letter topic. */
  deadLetter(queue: SubscriptionQueue, entry: Entry): void;
  /** True while `seq`'s Publish is unanswered (it must not be delivered yet). */
  held(seq: number, queue: SubscriptionQueue): boolean;
}

let incarnations = 0;

export class SubscriptionQueue {
  /** Every message this subscription still knows (unacked, plus acked ones when retained). */
  readonly log = new SeqLog((msg) => newEntry(this, msg));
  /** Entries, or bare messages that were never delivered (see seq-log.ts). */
  readonly ready = new Deque<Slot>();
  /** Ordering key → its pending entries; one batch of a key is out at a time (key-order.ts). */
  readonly keys: KeyQueues = new Map();
  readonly lessees: Lessee[] = [];
  rr = 0;
  unacked = 0;
  lastActivity: number;
  readonly incarnation = `${Date.now().toString(36)}${(incarnations++).toString(36)}`;

  constructor(
    public config: SubscriptionConfig,
    readonly hooks: QueueHooks,
  ) {
    this.lastActivity = hooks.now();
  }

  get name(): string {
    return this.config.name;
  }

  /** Adds a message; its Entry is made when needed (`log.get`), unless it has a past or a key. */
  enqueue(msg: StoredMessage, attempts = 0): void {
    this.unacked++;
    const key = this.config.enableMessageOrdering ? msg.orderingKey : '';
    if (attempts === 0 && !key) {
      this.log.set(msg.seq, msg);
      this.ready.push(msg);
      this.hooks.wake(this);
      return;
    }
    const entry = newEntry(this, msg);
    entry.attempts = attempts;
    this.log.set(msg.seq, entry);
    if (key && !admitToKey(this.keys, key, entry)) {
      entry.state = 'waiting';
      return;
    }
    this.makeReady(entry);
  }

  makeReady(entry: Entry): void {
    entry.state = 'ready';
    this.ready.push(entry);
    this.hooks.wake(this);
  }

  /**
   * The ready Entry a ready-queue item stands for, or undefined when it is stale (finished,
   * leased again, dropped by a seek). A bare message stands for its slot in the log, which may
   * meanwhile hold its Entry (made by a lookup) still in state ready.
   */
  private readyEntry(item: Slot): Entry | undefined {
    if (isEntry(item)) return item.state === 'ready' ? item : undefined;
    return this.log.readyEntryOf(item);
  }

  private keyOf(entry: Entry): string {
    return this.config.enableMessageOrdering ? entry.msg.orderingKey : '';
  }

  /**
   * Leases up to `max` ready messages, within `maxBytes` (0 = no limit), to `lessee`. A message
   * with an ordering key brings the key's waiting messages along, in order, up to `limit` in all
   * (the lessee's window): the key's whole batch goes to one lessee.
   */
  take(
    max: number,
    maxBytes: number,
    lessee: Lessee | undefined,
    deadlineSeconds: number,
    limit = max,
  ): Delivery[] {
    const out: Delivery[] = [];
    const now = this.hooks.now();
    const deadline = now + deadlineSeconds * 1000;
    let bytes = 0;
    while (out.length < max) {
      const item = this.ready.peek();
      if (!item) break;
      const entry = this.readyEntry(item);
      if (!entry) {
        this.ready.shift();
        continue;
      }
      // The byte window is a hard limit, except that an idle lessee always gets one message.
      const idle = out.length === 0 && (!lessee || lessee.outstandingMessages === 0);
      if (maxBytes > 0 && bytes + entry.msg.size > maxBytes && !idle) break;
      if (this.hooks.held(entry.msg.seq, this)) break;
      this.ready.shift();
      this.lease(entry, lessee, deadline, out);
      bytes += entry.msg.size;
      const key = this.keyOf(entry);
      if (!key) continue;
      for (const next of followers(this.keys, key, entry)) {
        if (out.length >= limit || (maxBytes > 0 && bytes + next.msg.size > maxBytes)) break;
        if (this.hooks.held(next.msg.seq, this)) break;
        this.lease(next, lessee, deadline, out);
        bytes += next.msg.size;
      }
    }
    if (out.length > 0) this.lastActivity = now;
    return out;
  }

  private lease(entry: Entry, lessee: Lessee | undefined, deadline: number, out: Delivery[]): void {
    entry.state = 'leased';
    entry.gen++;
    entry.attempts++;
    entry.deadline = deadline;
    entry.lessee = lessee;
    if (lessee) {
      lessee.outstandingMessages++;
      lessee.outstandingBytes += entry.msg.size;
    }
    this.hooks.schedule(entry);
    out.push({
      ackId: this.ackIdOf(entry),
      message: entry.msg,
      deliveryAttempt: this.config.deadLetterPolicy ? entry.attempts : 0,
    });
  }

  ackIdOf(entry: Entry): string {
    return formatAckId(this.incarnation, entry.msg.seq, entry.gen);
  }

  /** The entry an ack id names, and whether that id is still the live lease. */
  resolve(ackId: string): { entry: Entry | undefined; live: boolean } {
    const parts = parseAckId(ackId);
    const entry = parts?.incarnation === this.incarnation ? this.log.get(parts.seq) : undefined;
    if (!parts || !entry) return { entry: undefined, live: false };
    const live = entry.state === 'leased' && entry.gen === parts.gen && entry.deadline > this.hooks.now();
    return { entry, live };
  }

  /** Acknowledges; returns the ack ids that were not live leases (exactly-once failures). */
  ack(ackIds: string[]): string[] {
    const failed: string[] = [];
    const exactlyOnce = this.config.enableExactlyOnceDelivery;
    for (const ackId of ackIds) {
      const { entry, live } = this.resolve(ackId);
      if (exactlyOnce ? !live : !entry || entry.state === 'acked' || entry.state === 'dropped') {
        failed.push(ackId);
        continue;
      }
      // Sent back behind a redelivered message of its key: it is delivered again, in order.
      if (entry!.state === 'waiting') continue;
      this.finish(entry!, true);
    }
    this.lastActivity = this.hooks.now();
    return failed;
  }

  /** Extends (or with 0 ends) leases; returns the ack ids that were not live leases. */
  modifyAckDeadline(ackIds: string[], seconds: number): string[] {
    const failed: string[] = [];
    const now = this.hooks.now();
    for (const ackId of ackIds) {
      const { entry, live } = this.resolve(ackId);
      if (!entry || !live) {
        failed.push(ackId);
        continue;
      }
      if (seconds === 0) {
        this.release(entry);
        this.redeliver(entry);
      } else {
        entry.deadline = now + seconds * 1000;
        this.hooks.schedule(entry);
      }
    }
    return failed;
  }

  /** Called by the heap when `entry.deadline` passed. */
  onDeadline(entry: Entry): void {
    if (entry.deadline > this.hooks.now()) return;
    if (entry.state === 'leased') {
      this.release(entry);
      this.redeliver(entry);
    } else if (entry.state === 'backoff') {
      this.makeReady(entry);
    }
  }

  /**
   * Back to the queue after a nack or expiry: dead letter, backoff, or ready at once. With an
   * ordering key, the later messages of its batch go back to waiting, the acked ones too (Google
   * redelivers every later message of the key; with exactly-once delivery an ack is final), so
   * they follow it again in order.
   */
  redeliver(entry: Entry): void {
    const key = this.keyOf(entry);
    if (key) {
      const revive = this.config.enableExactlyOnceDelivery ? undefined : (acked: Entry) => this.revive(acked);
      sendBackAfter(this.keys, key, entry, (later) => this.release(later), revive);
    }
    const { deadLetterPolicy, retryPolicy } = this.config;
    if (deadLetterPolicy && entry.attempts >= deadLetterPolicy.maxDeliveryAttempts) {
      this.hooks.deadLetter(this, entry);
      this.finish(entry, false);
      return;
    }
    if (retryPolicy) {
      const delay = retryBackoffMs(
        retryPolicy.minimumBackoffMs,
        retryPolicy.maximumBackoffMs,
        entry.attempts,
      );
      if (delay > 0) {
        entry.state = 'backoff';
        entry.deadline = this.hooks.now() + delay;
        this.hooks.schedule(entry);
        return;
      }
    }
    this.makeReady(entry);
  }

  /** An acked message of a key comes back to be delivered again (see `redeliver`). */
  private revive(entry: Entry): void {
    this.unacked++;
    if (this.log.slot(entry.msg.seq) !== entry) this.log.set(entry.msg.seq, entry);
  }

  release(entry: Entry): void {
    const lessee = entry.lessee;
    if (lessee) {
      lessee.outstandingMessages--;
      lessee.outstandingBytes -= entry.msg.size;
      entry.lessee = undefined;
      this.hooks.wake(this);
    }
  }

  /** Marks an entry done (acked, expired by retention, or dead-lettered) and unblocks its key. */
  finish(entry: Entry, acked: boolean): void {
    if (entry.state === 'acked' || entry.state === 'dropped') return;
    this.release(entry);
    this.unacked--;
    const keep = acked && this.config.retainAckedMessages;
    const key = this.keyOf(entry);
    // An acked message of a key stays 'acked' in its key's line even when the log forgets it:
    // a redelivery of an earlier message of its batch brings it back (key-order.ts).
    entry.state = keep || (acked && key) ? 'acked' : 'dropped';
    entry.deadline = this.hooks.now();
    if (!keep) this.log.delete(entry.msg.seq);
    const next = key ? advanceKey(this.keys, key) : undefined;
    if (next) this.makeReady(next);
  }
}
