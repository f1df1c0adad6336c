// A claim-and-process worker: pulls a subscription with flow control (at most `concurrency`
// units at once), runs each delivery through processMessage, and drains gracefully on stop().
import { hostname } from 'node:os';
import type { Message } from '@google-cloud/pubsub';
import { createAnnouncer } from './announcer.ts';
import { createClaimStore } from './claim-store.ts';
import { abortableSleep, type UnitHandler } from './handler.ts';
import { createHandlerRegistry } from './handler-registry.ts';
import type { Outcome, ProcessDeps } from './process-deps.ts';
import { processMessage } from './process-message.ts';
import type { Worker, WorkerOptions } from './worker-options.ts';
import { openWorkerSubscription } from './worker-subscription.ts';

export type { Worker, WorkerOptions, WorkerStats } from './worker-options.ts';

export function createWorker(options: WorkerOptions): Worker {
  const workerId = options.workerId ?? `${hostname()}-${process.pid}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 4;
  const drainTimeoutMs = options.drainTimeoutMs ?? 20_000;
  const registry = options.registry ?? createHandlerRegistry().on({}, requireHandler(options.handler));
  const logger = options.logger.child({ workerId });
  const draining = new AbortController();
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const counts: Record<Outcome, number> = {
    completed: 0,
    duplicate: 0,
    ignored: 0,
    invalid: 0,
    failed: 0,
    'lease-lost': 0,
    returned: 0,
  };
  const announcer = createAnnouncer(options.pubsub, options.topics, workerId);
  const deps: ProcessDeps = {
    workerId,
    registry,
    store: createClaimStore(options.redis, options.keys, workerId),
    announcer,
    storage: options.storage,
    pubsub: options.pubsub,
    logger,
    leaseMs,
    doneTtlMs: options.doneTtlMs ?? 7 * 24 * 3600_000,
    ackDeadlineSeconds:
      options.ackDeadlineSeconds ?? Math.min(600, Math.max(10, Math.ceil((leaseMs * 2) / 1000))),
    draining: draining.signal,
    stopping: stopping.signal,
    nackBackoffMs: options.nackBackoffMs ?? ((attempt: number) => Math.min(5000, 200 * 2 ** (attempt - 1))),
  };
  const subscription = openWorkerSubscription(options.pubsub, options.subscription, {
    concurrency,
    ackDeadlineSeconds: deps.ackDeadlineSeconds,
    drainTimeoutMs,
  });
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});

  const onMessage = (message: Message) => {
    if (draining.signal.aborted) {
      message.nack();
      return;
    }
    const run = processMessage(message, deps)
      .then((outcome) => {
        counts[outcome]++;
      })
      .catch((err: Error) => {
        logger.error('unexpected error, nacked', { error: err.stack ?? err.message });
        message.nack();
      })
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      logger.info('draining', { inFlight: inFlight.size });
      draining.abort(new Error('worker draining'));
      const closing = subscription
        .close()
        .catch((err: Error) => logger.warn('close failed', { error: err.message }));
      const timeout = setTimeout(() => stopping.abort(new Error('drain timeout')), drainTimeoutMs);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      clearTimeout(timeout);
      // Our units are settled; only the client's own queue could still hold messages, which
      // close() would keep until its timeout. Their deadlines return them anyway.
      await Promise.race([closing, abortableSleep(3000)]);
      subscription.removeListener('message', onMessage);
      await announcer.flush().catch(() => {});
      logger.info('stopped', { ...counts });
    })();
    return stopped;
  };

  return {
    workerId,
    start() {
      subscription.on('error', (err: Error) => {
        logger.error('subscription failed', { error: err.message });
        fail(err);
      });
      subscription.on('message', onMessage);
      logger.info('started', { subscription: options.subscription, concurrency, leaseMs });
    },
    stop,
    failed,
    stats: () => ({ ...counts, inFlight: inFlight.size }),
    [Symbol.asyncDispose]: stop,
  };
}

function requireHandler(handler: UnitHandler | undefined): UnitHandler {
  if (!handler) throw new Error('createWorker needs a `registry` or a `handler`');
  return handler;
}
