// Claiming a unit: a duplicate delivery of a unit someone else holds waits for that lease to end
// (the holder finishes, or dies and its lease expires) instead of nacking into the dead-letter count.
import type { Logger } from '../../emulators/common/index.ts';
import { ClaimHeldError } from './claim-errors.ts';
import type { Lease } from './claim-store.ts';
import { abortableSleep } from './handler.ts';
import type { ProcessDeps, RetryFor } from './process-deps.ts';
import { withRedisRetry } from './redis-retry.ts';
import type { WorkUnit } from './unit.ts';

/** Claims, waiting while another worker holds the unit (it finishes, or its lease runs out). */
export async function claimOrWait(
  unit: WorkUnit,
  deps: ProcessDeps,
  logger: Logger,
  retry: RetryFor,
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
