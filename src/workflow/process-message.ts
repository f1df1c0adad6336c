// One delivery through the claim-and-process flow of DESIGN.md: route, derive the unit, claim,
// heartbeat, announce `processing`, run the handler, confirm the lease, announce `complete`,
// mark done + release, and only then ack. Failures release and nack; a lost lease writes nothing.
import type { Message, PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Logger } from '../../emulators/common/index.ts';
import type { Announcer } from './announcer.ts';
import { AlreadyDoneError, ClaimHeldError, LeaseLostError } from './claim-errors.ts';
import type { ClaimStore, Lease } from './claim-store.ts';
import { abortableSleep, type UnitContext } from './handler.ts';
import type { HandlerRegistry } from './handler-registry.ts';
import { startHeartbeat } from './heartbeat.ts';
import { withRedisRetry } from './redis-retry.ts';
import { InvalidUnitError, unitFromMessage, type WorkUnit } from './unit.ts';

export interface ProcessDeps {
  workerId: string;
  registry: HandlerRegistry;
  store: ClaimStore;
  announcer: Announcer;
  storage: Storage;
  pubsub: PubSub;
  logger: Logger;
  leaseMs: number;
  doneTtlMs: number;
  ackDeadlineSeconds: number;
  /** Aborts when the worker drains (stop taking units) ... */
  draining: AbortSignal;
  /** ... and when it stops waiting for in-flight units (drain timeout). */
  stopping: AbortSignal;
  /** Delay before a nack after a failure, by delivery attempt. */
  nackBackoffMs(attempt: number): number;
}

export type Outcome =
  | 'completed'
  | 'duplicate'
  | 'ignored'
  | 'invalid'
  | 'failed'
  | 'lease-lost'
  | 'returned';

export async function processMessage(message: Message, deps: ProcessDeps): Promise<Outcome> {
  const route = deps.registry.route(message.attributes ?? {});
  if (!route) {
    deps.logger.info('no handler for message, acked', {
      messageId: message.id,
      attributes: message.attributes,
    });
    message.ack();
    return 'ignored';
  }
  let unit: WorkUnit;
  try {
    unit = unitFromMessage(message);
  } catch (err) {
    if (!(err instanceof InvalidUnitError)) throw err;
    deps.logger.error('invalid unit, nacked', { messageId: message.id, error: err.message });
    message.nack();
    return 'invalid';
  }
  const logger = deps.logger.child({
    unit: unit.key,
    messageId: unit.messageId,
    attempt: unit.deliveryAttempt,
  });
  const retry = (step: string, signal?: AbortSignal) => ({ logger, step, signal, maxMs: deps.leaseMs * 10 });

  const lease = await claimOrWait(unit, deps, logger, retry).catch((err: unknown) => err as Error);
  if (lease instanceof AlreadyDoneError) {
    logger.info('duplicate of a done unit, acked');
    message.ack();
    return 'duplicate';
  }
  if (lease instanceof Error) {
    logger.warn('unit not claimed, returned', { error: lease.message });
    message.nack();
    return 'returned';
  }
  logger.info('claimed', { handler: route.name });

  const lost = new AbortController();
  const signal = AbortSignal.any([lost.signal, deps.stopping]);
  const heartbeat = startHeartbeat({
    store: deps.store,
    lease,
    leaseMs: deps.leaseMs,
    message,
    ackDeadlineSeconds: deps.ackDeadlineSeconds,
    logger,
    onLost: (err) => lost.abort(err),
  });
  const assertLease = () =>
    withRedisRetry(() => deps.store.extend(lease, deps.leaseMs), retry('extend', signal));
  const ctx: UnitContext = {
    workerId: deps.workerId,
    storage: deps.storage,
    pubsub: deps.pubsub,
    logger,
    signal,
    assertLease,
  };
  // How far the unit got, for the log when the lease turns out lost: only after 'announced' can
  // a `complete` announcement have gone out twice (the new owner announces too).
  let stage: 'working' | 'announced' = 'working';
  try {
    await deps.announcer.processing(unit);
    await route.handler(unit, ctx);
    await assertLease();
    await deps.announcer.complete(unit);
    stage = 'announced';
    await withRedisRetry(() => deps.store.complete(lease, deps.doneTtlMs), retry('complete'));
    heartbeat.stop();
    message.ack();
    logger.info('completed');
    return 'completed';
  } catch (thrown) {
    heartbeat.stop();
    const err = lost.signal.aborted ? lost.signal.reason : thrown;
    if (err instanceof LeaseLostError) {
      logger.warn('lease lost: output, announcement and done marker left to the new owner', { stage });
      message.nack();
      return 'lease-lost';
    }
    return fail(message, unit, lease, err as Error, deps, logger, retry);
  }
}

/** Claims, waiting while another worker holds the unit (it finishes, or its lease runs out). */
async function claimOrWait(
  unit: WorkUnit,
  deps: ProcessDeps,
  logger: Logger,
  retry: (step: string, signal?: AbortSignal) => Parameters<typeof withRedisRetry>[1],
): Promise<Lease> {
  for (;;) {
    deps.draining.throwIfAborted();
    try {
      return await withRedisRetry(
        () => deps.store.claim(unit.key, deps.leaseMs),
        retry('claim', deps.draining),
      );
    } catch (err) {
      if (!(err instanceof ClaimHeldError)) throw err;
      logger.debug('held by another worker, waiting', { remainingMs: err.remainingMs });
      await abortableSleep(Math.min(err.remainingMs + 25, deps.leaseMs), deps.draining);
    }
  }
}

async function fail(
  message: Message,
  unit: WorkUnit,
  lease: Lease,
  err: Error,
  deps: ProcessDeps,
  logger: Logger,
  retry: (step: string) => Parameters<typeof withRedisRetry>[1],
): Promise<Outcome> {
  const stopped = deps.stopping.aborted;
  if (stopped) logger.warn('drain timeout: unit released');
  else logger.error('unit failed', { error: err.message, errorName: err.name });
  await withRedisRetry(() => deps.store.release(lease), retry('release')).catch((releaseErr: Error) =>
    logger.warn('release failed, the lease will expire', { error: releaseErr.message }),
  );
  if (!stopped && !deps.draining.aborted) {
    await abortableSleep(deps.nackBackoffMs(unit.deliveryAttempt), deps.draining).catch(() => {});
  }
  message.nack();
  return stopped ? 'returned' : 'failed';
}
