// Ops whose answer must not come before their change is on disk: with --data-dir the reply waits
// for the change log's group commit; without one the op stays synchronous and costs nothing extra.
import type { Op } from './publisher-ops.ts';

export function durable(op: Op): Op {
  return (state, req, f, signal) => {
    const before = state.seq;
    const out = op(state, req, f, signal);
    if (!state.journal) return out;
    // Messages stored by this op are not delivered before it is answered (publish-holds.ts): the
    // release wakes dispatch on a later turn than the reply the resolved promise writes.
    const release = state.seq > before ? state.publishHolds.hold(before, state.seq) : undefined;
    const answer =
      out instanceof Promise
        ? out.then((value) => afterBarrier(state.journal?.barrier(), value))
        : afterBarrier(state.journal.barrier(), out);
    if (!release) return answer;
    if (!(answer instanceof Promise)) {
      release();
      return answer;
    }
    answer.then(release, release);
    return answer;
  };
}

function afterBarrier<T>(barrier: Promise<void> | undefined, value: T): T | Promise<T> {
  return barrier ? barrier.then(() => value) : value;
}

/** The same map with every op named in `names` made durable. */
export function durableOps(ops: Record<string, Op>, names: readonly string[]): Record<string, Op> {
  const out = { ...ops };
  for (const name of names) {
    const op = ops[name];
    if (op) out[name] = durable(op);
  }
  return out;
}
