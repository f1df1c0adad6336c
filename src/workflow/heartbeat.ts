// Keeps a claimed unit alive while its handler works: extends the Redis lease (token-checked) and
// the Pub/Sub ack deadline together. A worker that dies stops beating, so both run out and
// redelivery lets another worker claim the unit.
import type { Message } from '@google-cloud/pubsub';
import type { Logger } from '../../emulators/common/index.ts';
import { LeaseLostError } from './claim-errors.ts';
import type { ClaimStore, Lease } from './claim-store.ts';

export interface HeartbeatOptions {
  store: ClaimStore;
  lease: Lease;
  leaseMs: number;
  message: Pick<Message, 'modAck'>;
  /** Ack deadline to request on each beat, in seconds. */
  ackDeadlineSeconds: number;
  logger: Logger;
  /** Called once when the lease is found lost. */
  onLost(err: LeaseLostError): void;
}

export interface Heartbeat {
  stop(): void;
}

/** Beats every leaseMs/3, so two missed beats still leave the lease alive. */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  let beating = false;
  let stopped = false;
  const beat = async () => {
    if (beating || stopped) return;
    beating = true;
    try {
      options.message.modAck(options.ackDeadlineSeconds);
      await options.store.extend(options.lease, options.leaseMs);
    } catch (err) {
      if (err instanceof LeaseLostError) {
        if (!stopped) options.onLost(err);
        stopped = true;
        clearInterval(timer);
      } else {
        // Redis unreachable: keep beating; the guard before output decides whether we still own it.
        options.logger.warn('heartbeat failed', { error: (err as Error).message });
      }
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(() => void beat(), Math.max(50, Math.floor(options.leaseMs / 3)));
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
