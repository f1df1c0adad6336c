// A claim-and-process worker: pulls a subscription with flow control (at most `concurrency`
// units at once), runs each delivery through processMessage, and drains gracefully on stop().
import { hostname } from 'node:os';
import { Duration, type Message, type PubSub, SubscriptionCloseBehaviors } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import type { Logger } from '../../emulators/common/index.ts';
import { createAnnouncer } from './announcer.ts';
import { createClaimStore } from './claim-store.ts';
import { abortableSleep, type UnitHandler } from './handler.ts';
import { createHandlerRegistry, type HandlerRegistry } from './handler-registry.ts';
import type { WorkflowKeys } from './keys.ts';
import { type Outcome, processMessage } from './process-message.ts';

export interface WorkerOptions {
  pubsub: PubSub;
  storage: Storage;
  redis: Redis;
  keys: WorkflowKeys;
  logger: Logger;
  /** Subscription to pull (the work bucket's notifications). */
  subscription: string;
  /** Routes by attribute; or give `handler` for a worker that handles every message. */
  registry?: HandlerRegistry;
  handler?: UnitHandler;
  topics: { processing: string; complete: string };
  workerId?: string;
  /** Units in flight at once. Default 4. */
  concurrency?: number;
  /** Redis lease, extended by the heartbeat every leaseMs/3. Default 30 s. */
  leaseMs?: number;
  /** How long `done` markers answer duplicates. Default 7 days. */
  doneTtlMs?: number;
  /** Ack deadline requested while working, seconds. Default 10..600 from leaseMs. */
  ackDeadlineSeconds?: number;
  /** How long stop() lets in-flight units finish before releasing them. Default 20 s. */
  drainTimeoutMs?: number;
  /** Delay before a nack after a failure. Default 200 ms doubling per attempt, capped at 5 s. */
  nackBackoffMs?: (attempt: number) => number;
}

export type WorkerStats = Record<Outcome, number> & { inFlight: number };

export interface Worker {
  readonly workerId: string;
  /** Opens the subscription; messages flow until stop(). */
  start(): void;
  /** Stops taking units, lets in-flight ones finish (or releases them after the drain timeout). */
  stop(): Promise<void>;
  /** Rejects when the subscription fails for good (e.g. NOT_FOUND, no credentials). */
  readonly failed: Promise<never>;
  stats(): WorkerStats;
  [Symbol.asyncDispose](): Promise<void>;
}

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
  const deps = {
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
  const subscription = options.pubsub.subscription(options.subscription, {
    flowControl: { maxMessages: concurrency, allowExcessMessages: false },
    // One stream with server-side flow control: the server hands out at most `concurrency`
    // messages, so none sit undispatched in a local queue (a drain would hold them until timeout).
    streamingOptions: { maxStreams: 1 },
    // The library keeps held messages' deadlines at our ack deadline, so a dead worker's units
    // come back after at most that long.
    minAckDeadline: Duration.from({ seconds: deps.ackDeadlineSeconds }),
    maxAckDeadline: Duration.from({ seconds: deps.ackDeadlineSeconds }),
    maxExtensionTime: Duration.from({ hours: 1 }),
    // close() stops the stream at once (no new deliveries to nack in a loop while draining) but
    // keeps leasing, acking and nacking the units still in flight.
    closeOptions: {
      behavior: SubscriptionCloseBehaviors.WaitForProcessing,
      timeout: Duration.from({ milliseconds: drainTimeoutMs + 5000 }),
    },
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
