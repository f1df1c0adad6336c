// The failure path of a unit: the claim is released (token-checked) so the unit is free at once,
// the nack waits a backoff by delivery attempt, and the subscription's dead-letter policy counts.
import type { Message } from '@google-cloud/pubsub';
import type { Logger } from '../../emulators/common/index.ts';
import type { Lease } from './claim-store.ts';
import { abortableSleep } from './handler.ts';
import type { Outcome, ProcessDeps, RetryFor } from './process-deps.ts';
import { withRedisRetry } from './redis-retry.ts';
import type { WorkUnit } from './unit.ts';

/** A failed unit: release the claim at once (another worker may retry now), back off, nack. */
export async function releaseAndNack(
  message: Message,
  unit: WorkUnit,
  lease: Lease,
  err: Error,
  deps: ProcessDeps,
  logger: Logger,
  retry: RetryFor,
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
