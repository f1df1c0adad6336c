// Unit tests of the compact queue structures: the block deque, the seq log with entries made on
// demand, and the rule that a message looked up while still queued is delivered once.
import { describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../emulators/common/index.ts';
import { Deque } from '../../emulators/pubsub/state/deque.ts';
import { type Entry, newEntry } from '../../emulators/pubsub/state/entry.ts';
import {
  acknowledge,
  createSubscription,
  createTopic,
  PubSubState,
  publish,
  pullNow,
  type StoredMessage,
} from '../../emulators/pubsub/state/index.ts';
import { PayloadArena, packMessage } from '../../emulators/pubsub/state/packed-message.ts';
import { isEntry, SeqLog } from '../../emulators/pubsub/state/seq-log.ts';

const arena = new PayloadArena();
const message = (seq: number): StoredMessage =>
  packMessage(arena, {
    seq,
    id: seq,
    data: Buffer.from(`m${seq}`),
    attributes: {},
    orderingKey: '',
    publishTime: 0,
    size: 2,
  });
const owner = { onDeadline: () => undefined };
const newLog = () => new SeqLog((msg) => newEntry(owner, msg));

describe('Deque', () => {
  it('keeps FIFO order across blocks and empties cleanly', () => {
    const q = new Deque<number>();
    for (let i = 0; i < 5000; i++) q.push(i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(q.shift()!);
    for (let i = 5000; i < 6000; i++) q.push(i);
    while (q.size > 0) out.push(q.shift()!);
    expect(out).toEqual(Array.from({ length: 6000 }, (_, i) => i));
    expect(q.shift()).toBeUndefined();
    q.push(7);
    expect(q.peek()).toBe(7);
  });
});

describe('SeqLog', () => {
  it('finds by seq across chunks, makes entries on demand, and forgets deleted seqs', () => {
    const log = newLog();
    for (let seq = 1; seq <= 5000; seq += 2) log.set(seq, message(seq));
    expect(log.size).toBe(2500);
    expect(log.slot(2)).toBeUndefined();
    expect(isEntry(log.slot(3001)!)).toBe(false);
    const entry = log.get(3001)!;
    expect(entry.msg.seq).toBe(3001);
    expect(log.slot(3001)).toBe(entry);
    expect(log.get(3001)).toBe(entry);
    expect(log.delete(3001)).toBe(true);
    expect(log.delete(3001)).toBe(false);
    expect(log.has(3001)).toBe(false);
    expect(log.size).toBe(2499);
  });

  it('iterates in seq order while the loop deletes, and keeps out-of-order inserts sorted', () => {
    const log = newLog();
    for (let seq = 1; seq <= 3000; seq++) log.set(seq, message(seq));
    const seen: number[] = [];
    for (const entry of log.values()) {
      seen.push(entry.msg.seq);
      if (entry.msg.seq <= 2000) log.delete(entry.msg.seq);
    }
    expect(seen).toHaveLength(3000);
    expect(log.size).toBe(1000);
    log.set(5, message(5));
    expect([...log.values()].map((e: Entry) => e.msg.seq).slice(0, 2)).toEqual([5, 2001]);
  });
});

describe('messages without an Entry yet', () => {
  it('are delivered once, in order, even when looked up while still queued', () => {
    const clock = manualClock();
    const state = new PubSubState({ clock, logger: silentLogger, defer: () => undefined });
    const t = 'projects/p/topics/lazy';
    const s = 'projects/p/subscriptions/lazy';
    createTopic(state, { name: t });
    createSubscription(state, s, { topic: t });
    publish(
      state,
      t,
      Array.from({ length: 5 }, (_, i) => ({
        data: Buffer.from(String(i)),
        attributes: {},
        orderingKey: '',
      })),
    );
    const queue = state.subs.get(s)!;
    // A lookup (an old ack id, a snapshot, persistence) makes the Entry of a queued message.
    const seqs = [...queue.log.values()].map((e) => e.msg.seq);
    expect(queue.log.get(seqs[2]!)!.state).toBe('ready');
    const got = pullNow(state, s, 10);
    expect(got.map((d) => d.message.data.toString())).toEqual(['0', '1', '2', '3', '4']);
    expect(pullNow(state, s, 10)).toHaveLength(0);
    acknowledge(
      state,
      s,
      got.map((d) => d.ackId),
    );
    expect(queue.log.size).toBe(0);
    expect(queue.unacked).toBe(0);
  });
});
