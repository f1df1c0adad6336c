// A Pull that waits: when nothing is ready it becomes a one-shot lessee until messages arrive,
// the wait times out (then answers empty, as Google does) or the caller goes away.
import type { Delivery, Lessee, PubSubState } from '../state/index.ts';
import { attachLessee, detachLessee, pullNow } from '../state/index.ts';

/** How long an empty Pull without return_immediately waits (real time). */
export const PULL_WAIT_MS = 3000;

export function pullWaiting(
  state: PubSubState,
  name: string,
  max: number,
  returnImmediately: boolean,
  signal: AbortSignal,
): Promise<Delivery[]> | Delivery[] {
  const now = pullNow(state, name, max);
  if (now.length > 0 || returnImmediately) return now;
  return new Promise((resolve) => {
    let done = false;
    const finish = (out: Delivery[]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      detachLessee(queue, lessee);
      resolve(out);
    };
    const lessee: Lessee = {
      maxMessages: max,
      maxBytes: 0,
      outstandingMessages: 0,
      outstandingBytes: 0,
      ackDeadlineSeconds: 0,
      deliver: (batch) => finish(batch),
    };
    const queue = attachLessee(state, name, lessee);
    lessee.ackDeadlineSeconds = queue.config.ackDeadlineSeconds;
    const onAbort = () => finish([]);
    signal.addEventListener('abort', onAbort);
    const timer = setTimeout(() => finish([]), PULL_WAIT_MS);
    timer.unref();
  });
}
