// Where the Pub/Sub emulator consults the fault injector: RPCs (error, delay), acks (drop-ack),
// deliveries (duplicate), StreamingPull batches (disconnect) and push attempts (push-fail).
import { type FaultInjector, type FaultRule, faultError } from '../../faults/index.ts';
import type { Op } from '../api/publisher-ops.ts';
import type { Entry, Lessee } from '../state/entry.ts';
import type { PubSubState, SubscriptionQueue } from '../state/index.ts';

const SERVICE = 'pubsub';

/** The last path segment: rules name topics and subscriptions by short id, not full name. */
export const shortId = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export class PubSubFaults {
  /** Extra deliveries still owed to a message a `duplicate` rule with copies > 1 hit. */
  private readonly owed = new WeakMap<Entry, number>();

  constructor(
    readonly injector: FaultInjector,
    private readonly state: PubSubState,
  ) {}

  private check(kind: FaultRule['kind'], method: string, target?: string): FaultRule | undefined {
    return this.injector.check({ service: SERVICE, kind, method, target });
  }

  /**
   * An op with `error` and `delay` rules for `rpc` in front of it, plus the unary faults that need
   * the request or response: drop-ack on Acknowledge, duplicate on Pull. Shared by gRPC and REST.
   */
  wrapOp(rpc: string, op: Op): Op {
    return (state, req, f, signal) => {
      // Read per call, not per wrap: rules come and go while the server runs.
      if (this.injector.idle) return op(state, req, f, signal);
      const target = targetOf(req);
      const error = this.check('error', rpc, target);
      if (error) throw faultError(error);
      const delay = this.check('delay', rpc, target);
      const call = (r = req) => op(state, r, f, signal);
      const run = () => this.runWithAckAndPullFaults(rpc, target, call, req);
      if (!delay || delay.delayMs === 0) return run();
      return new Promise((resolve) => setTimeout(resolve, delay.delayMs).unref()).then(run);
    };
  }

  private runWithAckAndPullFaults(
    rpc: string,
    target: string | undefined,
    run: (req?: Record<string, unknown>) => unknown,
    req: Record<string, unknown>,
  ): unknown {
    let result: unknown;
    if (rpc === 'Acknowledge' && Array.isArray(req.ackIds) && target) {
      const kept = this.keepAcks(target, req.ackIds as string[]);
      // Every id dropped: answer success without touching the state, as the wire would show.
      if (kept.length === 0 && req.ackIds.length > 0) return {};
      result = run({ ...req, ackIds: kept });
    } else {
      result = run();
    }
    if (rpc !== 'Pull' || typeof req.subscription !== 'string') return result;
    const name = req.subscription;
    return Promise.resolve(result).then((out) => {
      const received = (out as { receivedMessages?: { ackId: string }[] }).receivedMessages ?? [];
      this.delivered(
        name,
        received.map((r) => r.ackId),
      );
      return out;
    });
  }

  /** The ack ids a `drop-ack` rule lets through (method `Acknowledge`, target the subscription). */
  keepAcks(subscriptionId: string, ackIds: string[]): string[] {
    if (this.injector.idle) return ackIds;
    return ackIds.filter(() => !this.check('drop-ack', 'Acknowledge', subscriptionId));
  }

  /**
   * After a delivery (Pull or StreamingPull): a `duplicate` rule (method `deliver`) ends the new
   * lease, so the message is ready again with the same id and gets a fresh ack id on its next
   * delivery. Acking any of its ack ids acks it, since without exactly-once an ack names the
   * message, not the lease. Exactly-once subscriptions are skipped: there a live lease is the
   * only one. `lessee` is the stream that got it, so the copy goes to the next stream first.
   */
  delivered(subscription: string, ackIds: string[], lessee?: Lessee): void {
    if (this.injector.idle || ackIds.length === 0) return;
    const queue = this.state.subs.get(subscription);
    if (!queue || queue.config.enableExactlyOnceDelivery) return;
    const id = shortId(subscription);
    const copies: Entry[] = [];
    for (const ackId of ackIds) {
      const { entry, live } = queue.resolve(ackId);
      if (!entry || !live) continue;
      let owed = this.owed.get(entry);
      if (owed === undefined) {
        const rule = this.check('duplicate', 'deliver', id);
        if (!rule) continue;
        owed = rule.copies;
      }
      if (owed > 1) this.owed.set(entry, owed - 1);
      else this.owed.delete(entry);
      copies.push(entry);
    }
    if (copies.length === 0) return;
    // After the running dispatch pass, which reads the round-robin cursor as it loops; the client
    // cannot have acked yet (that takes a network round trip), but the state is checked anyway.
    queueMicrotask(() => {
      if (this.state.subs.get(subscription) !== queue) return;
      const at = lessee ? queue.lessees.indexOf(lessee) : -1;
      if (at >= 0) queue.rr = (at + 1) % queue.lessees.length;
      for (const entry of copies) {
        if (entry.state !== 'leased') continue;
        queue.release(entry);
        queue.makeReady(entry);
      }
    });
  }

  /** Milliseconds a `delay` rule with method `deliver` holds this stream's next batch back (0: none). */
  deliveryDelayMs(queue: SubscriptionQueue): number {
    if (this.injector.idle) return 0;
    return this.check('delay', 'deliver', shortId(queue.name))?.delayMs ?? 0;
  }

  /** True when a `disconnect` rule (method `StreamingPull`) ends this stream before its next batch. */
  disconnects(queue: SubscriptionQueue): boolean {
    return !this.injector.idle && !!this.check('disconnect', 'StreamingPull', shortId(queue.name));
  }

  /** True when a `push-fail` rule (method `push`) turns this push attempt into a failure. */
  pushFails(queue: SubscriptionQueue): boolean {
    return !this.injector.idle && !!this.check('push-fail', 'push', shortId(queue.name));
  }
}

/** The topic, subscription or snapshot a request names (subscription first), as a short id. */
function targetOf(req: Record<string, unknown>): string | undefined {
  for (const key of ['subscription', 'name', 'topic', 'snapshot']) {
    const value = req[key];
    const name = typeof value === 'string' ? value : (value as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string' && name !== '') return shortId(name);
  }
  return undefined;
}
