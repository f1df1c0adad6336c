// Push subscriptions: each is a lessee with a small concurrency window that POSTs deliveries to
// its endpoint (with an OIDC token when configured); 2xx acks, anything else redelivers after a
// backoff (the retry policy's, or ours).
import type { Logger } from '../../common/index.ts';
import type { IdentityIssuer } from '../../identity/index.ts';
import type { PubSubFaults } from '../faults/pubsub-faults.ts';
import {
  acknowledge,
  attachLessee,
  detachLessee,
  type Lessee,
  modifyAckDeadline,
  type PubSubState,
  type SubscriptionQueue,
} from '../state/index.ts';
import { pushRequest } from './envelope.ts';
import { pushTokens } from './push-token.ts';

const PUSH_CONCURRENCY = 16;
const MAX_PUSH_BACKOFF_S = 60;

interface PushWorker {
  lessee: Lessee;
  queue: SubscriptionQueue;
  failures: number;
}

export function startPushDelivery(
  state: PubSubState,
  logger: Logger,
  faults: PubSubFaults,
  identity: IdentityIssuer,
): { stop(): void } {
  const tokens = pushTokens(identity);
  const workers = new Map<SubscriptionQueue, PushWorker>();
  const inflight = new Set<AbortController>();
  let stopped = false;

  const remove = (queue: SubscriptionQueue) => {
    const worker = workers.get(queue);
    if (!worker) return;
    workers.delete(queue);
    detachLessee(queue, worker.lessee);
  };

  const send = async (worker: PushWorker, ackId: string, body: ReturnType<typeof pushRequest>) => {
    const { queue } = worker;
    const endpoint = queue.config.pushConfig?.pushEndpoint;
    const abort = new AbortController();
    inflight.add(abort);
    const timer = setTimeout(() => abort.abort(), queue.config.ackDeadlineSeconds * 1000);
    let ok = false;
    try {
      if (endpoint) {
        const push = queue.config.pushConfig;
        const authorization = push ? await tokens.authorization(push) : undefined;
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: authorization ? { ...body.headers, authorization } : body.headers,
          body: body.body,
          signal: abort.signal,
        });
        await res.arrayBuffer().catch(() => undefined);
        ok = res.status >= 200 && res.status < 300;
      }
    } catch (err) {
      logger.debug('push failed', { subscription: queue.name, error: String(err) });
    } finally {
      clearTimeout(timer);
      inflight.delete(abort);
    }
    if (stopped || state.subs.get(queue.name) !== queue) return;
    // Checked after the POST: the endpoint still sees the attempt, as with a lost 2xx.
    if (faults.pushFails(queue)) ok = false;
    try {
      if (ok) {
        worker.failures = 0;
        acknowledge(state, queue.name, [ackId]);
      } else if (queue.config.retryPolicy) {
        modifyAckDeadline(state, queue.name, [ackId], 0);
      } else {
        worker.failures++;
        const backoff = Math.min(MAX_PUSH_BACKOFF_S, 2 ** Math.min(10, worker.failures - 1));
        modifyAckDeadline(state, queue.name, [ackId], backoff);
      }
    } catch {
      // The lease ended meanwhile (expired, seek, exactly-once); expiry already redelivers it.
    }
  };

  const ensure = (queue: SubscriptionQueue) => {
    const wanted =
      !!queue.config.pushConfig && !queue.config.detached && state.subs.get(queue.name) === queue;
    if (!wanted) return remove(queue);
    const existing = workers.get(queue);
    if (existing) {
      existing.lessee.ackDeadlineSeconds = queue.config.ackDeadlineSeconds;
      return;
    }
    const worker: PushWorker = { queue, failures: 0, lessee: undefined as unknown as Lessee };
    worker.lessee = {
      maxMessages: PUSH_CONCURRENCY,
      maxBytes: 0,
      outstandingMessages: 0,
      outstandingBytes: 0,
      ackDeadlineSeconds: queue.config.ackDeadlineSeconds,
      deliver: (batch) => {
        const push = queue.config.pushConfig;
        for (const d of batch) void send(worker, d.ackId, pushRequest(queue.name, d, push?.noWrapper));
      },
      close: () => remove(queue),
    };
    workers.set(queue, worker);
    attachLessee(state, queue.name, worker.lessee, true);
  };

  state.listeners.onSubscription = (queue, event) => (event === 'delete' ? remove(queue) : ensure(queue));
  for (const queue of state.subs.values()) ensure(queue);
  return {
    stop() {
      stopped = true;
      for (const queue of [...workers.keys()]) remove(queue);
      for (const abort of inflight) abort.abort();
    },
  };
}
