// The registry every adapter shares: topics, subscriptions, snapshots, the deadline heap driven
// by the injected clock, and coalesced dispatch. Pure data and rules; no sockets or files.
import type { CancelTimer, Clock, Logger } from '../../common/index.ts';
import { DeadlineHeap } from './deadline-heap.ts';
import { dispatch } from './dispatch.ts';
import type { Entry } from './entry.ts';
import type { Journal } from './journal.ts';
import type { SnapshotRecord, StoredMessage, TopicRecord } from './model.ts';
import { PayloadArena, packMessage } from './packed-message.ts';
import { PublishHolds } from './publish-holds.ts';
import type { QueueHooks, SubscriptionQueue } from './sub-queue.ts';

export type ChangeKind = 'meta' | 'messages';

export interface StateListeners {
  /** Metadata or message state changed (persistence marks itself dirty). */
  onChange?(kind: ChangeKind): void;
  /** A subscription was created, updated or deleted (push workers follow push configs). */
  onSubscription?(queue: SubscriptionQueue, event: 'upsert' | 'delete'): void;
  /** An exhausted message must go to a dead-letter topic. */
  onDeadLetter?(queue: SubscriptionQueue, entry: Entry): void;
}

export interface StateOptions {
  clock: Clock;
  logger: Logger;
  /** How a coalesced dispatch is deferred; setImmediate by default. */
  defer?: (fn: () => void) => void;
}

export class PubSubState {
  readonly topics = new Map<string, TopicRecord>();
  readonly subs = new Map<string, SubscriptionQueue>();
  readonly subsByTopic = new Map<string, Set<SubscriptionQueue>>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly listeners: StateListeners = {};
  /** Set by a durable store (--data-dir); every change that must survive a crash is told to it. */
  journal: Journal | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hooks: QueueHooks;
  seq = 0;
  nextMessageId = 1;
  /** Where every stored message's payload lives (see packed-message.ts). */
  readonly payloads = new PayloadArena();
  /** Messages of publishes not answered yet: not delivered until they are (publish-holds.ts). */
  readonly publishHolds = new PublishHolds((queue) => this.wake(queue));
  private readonly heap = new DeadlineHeap<Entry>();
  private timer: CancelTimer | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly woken = new Set<SubscriptionQueue>();
  private dispatchQueued = false;
  private readonly defer: (fn: () => void) => void;
  private stopped = false;

  constructor(options: StateOptions) {
    this.clock = options.clock;
    this.logger = options.logger;
    this.defer = options.defer ?? ((fn) => setImmediate(fn));
    this.hooks = {
      now: () => this.clock.now(),
      schedule: (entry) => this.schedule(entry.deadline, entry),
      wake: (queue) => this.wake(queue),
      held: (seq, queue) => this.publishHolds.holds(seq, queue),
      deadLetter: (queue, entry) => this.listeners.onDeadLetter?.(queue, entry),
    };
  }

  now(): number {
    return this.clock.now();
  }

  changed(kind: ChangeKind): void {
    this.listeners.onChange?.(kind);
  }

  /** Registers a message in the global order and hands out its id. */
  newMessage(
    data: Uint8Array,
    attributes: Record<string, string>,
    orderingKey: string,
    size: number,
  ): StoredMessage {
    return packMessage(this.payloads, {
      seq: ++this.seq,
      id: this.nextMessageId++,
      data,
      attributes,
      orderingKey,
      publishTime: this.now(),
      size,
    });
  }

  indexSubscription(queue: SubscriptionQueue, topic: string | undefined): void {
    for (const set of this.subsByTopic.values()) set.delete(queue);
    if (!topic) return;
    const set = this.subsByTopic.get(topic) ?? new Set();
    this.subsByTopic.set(topic, set);
    set.add(queue);
  }

  /**
   * Makes sure the heap will visit `entry` by `at`. An entry already due earlier is left alone:
   * when that record pops, `tick` re-files it at its current deadline, so extending a lease
   * (modack) costs no heap work.
   */
  private schedule(at: number, entry: Entry): void {
    if (this.stopped) return;
    if (entry.heapAt !== 0 && entry.heapAt <= at) return;
    entry.heapAt = at;
    this.heap.push(at, entry);
    if (at < this.timerAt) this.arm(at);
  }

  private arm(at: number): void {
    this.timer?.();
    this.timerAt = at;
    this.timer = this.clock.setTimer(at, () => this.tick());
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    for (let entry = this.heap.popDue(now); entry; entry = this.heap.popDue(now)) {
      if (entry.heapAt > now) continue; // a stale, later record; the earlier one was handled
      entry.heapAt = 0;
      const waiting = entry.state === 'leased' || entry.state === 'backoff';
      if (waiting && entry.deadline > now) this.schedule(entry.deadline, entry);
      else entry.owner.onDeadline(entry);
    }
    const next = this.heap.peekTime();
    if (next !== undefined && !this.stopped) this.arm(next);
  }

  /** Pending deadline records (leases and backoffs, including stale ones not yet popped). */
  get pendingDeadlines(): number {
    return this.heap.size;
  }

  private wake(queue: SubscriptionQueue): void {
    this.woken.add(queue);
    if (this.dispatchQueued || this.stopped) return;
    this.dispatchQueued = true;
    this.defer(() => {
      this.dispatchQueued = false;
      const queues = [...this.woken];
      this.woken.clear();
      for (const q of queues) if (this.subs.get(q.name) === q) dispatch(q);
    });
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = undefined;
    this.heap.clear();
  }
}
