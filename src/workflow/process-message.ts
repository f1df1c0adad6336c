// One delivery through the claim-and-process flow of DESIGN.md: route, derive the unit, claim,
// heartbeat, announce `processing`, run the handler, confirm the lease, announce `complete`,
// mark done + release, and only then ack. Failures release and nack; a lost lease writes nothing.
import type { Message } from '@google-cloud/pubsub';
import { AlreadyDoneError, LeaseLostError } from './claim-errors.ts';
import { claimOrWait } from './claim-or-wait.ts';
import type { UnitContext } from './handler.ts';
import { startHeartbeat } from './heartbeat.ts';
import { confirmLease } from './lease-guard.ts';
import type { Outcome, ProcessDeps, RetryFor } from './process-deps.ts';
import { withRedisRetry } from './redis-retry.ts';
import { releaseAndNack } from './release-and-nack.ts';
import { InvalidUnitError, unitFromMessage, type WorkUnit } from './unit.ts';

export type { Outcome, ProcessDeps } from './process-deps.ts';

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
  const retry: RetryFor = (step, signal) => ({ logger, step, signal, maxMs: deps.leaseMs * 10 });

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

  // One controller per unit, aborted by a lost lease or the drain timeout (AbortSignal.any would
  // hang every unit's signal on the worker's long-lived one).
  const aborter = new AbortController();
  const signal = aborter.signal;
  let lostLease: LeaseLostError | undefined;
  const onStopping = () => aborter.abort(deps.stopping.reason);
  if (deps.stopping.aborted) onStopping();
  else deps.stopping.addEventListener('abort', onStopping, { once: true });
  const heartbeat = startHeartbeat({
    store: deps.store,
    lease,
    leaseMs: deps.leaseMs,
    message,
    ackDeadlineSeconds: deps.ackDeadlineSeconds,
    logger,
    onLost: (err) => {
      lostLease = err;
      aborter.abort(err);
    },
  });
  const assertLease = async () => {
    if (lostLease) throw lostLease;
    await withRedisRetry(() => confirmLease(deps.store, lease, deps.leaseMs), retry('extend', signal));
  };
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
    const err = lostLease ?? thrown;
    if (err instanceof LeaseLostError) {
      logger.warn('lease lost: output, announcement and done marker left to the new owner', { stage });
      message.nack();
      return 'lease-lost';
    }
    return releaseAndNack(message, unit, lease, err as Error, deps, logger, retry);
  } finally {
    deps.stopping.removeEventListener('abort', onStopping);
  }
}
