// What a handler is and gets: a plain async function over a unit and a context that carries the
// clients, a logger bound to the unit, an abort signal and the lease guard. No globals.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Logger } from '../../emulators/common/index.ts';
import type { WorkUnit } from './unit.ts';

export interface UnitContext {
  readonly workerId: string;
  readonly storage: Storage;
  readonly pubsub: PubSub;
  /** Logs carry the unit key, message id and delivery attempt. */
  readonly logger: Logger;
  /** Aborted when the lease is lost or the worker stops waiting for this unit (drain timeout). */
  readonly signal: AbortSignal;
  /**
   * Confirms the lease; throws LeaseLostError when it is gone. Call it before any side effect that
   * must happen once, e.g. writing output. It asks Redis (a token-checked extend) unless Redis
   * confirmed the lease moments ago (`freshForMs`: a tenth of the lease, at most 250 ms).
   */
  assertLease(): Promise<void>;
}

/** Does the work of one unit; throwing = failure (release + nack, redelivery, dead-letter). */
export type UnitHandler = (unit: WorkUnit, ctx: UnitContext) => Promise<void>;

/** Wraps a handler with extra simulated work time (for scenarios: slow workers, drains, crashes). */
export function withDelay(handler: UnitHandler, delayMs: number): UnitHandler {
  if (delayMs <= 0) return handler;
  return async (unit, ctx) => {
    await abortableSleep(delayMs, ctx.signal);
    await handler(unit, ctx);
  };
}

/** Sleeps `ms`, rejecting with the signal's reason if it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
