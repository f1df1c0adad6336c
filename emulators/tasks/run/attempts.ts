// Dispatches in flight: each runs under its dispatch deadline (a clock timer, so `advance` can
// expire it), and the set can be waited on (settle) or aborted as a whole (stop).
import { type Clock, settleInFlight } from '../../common/index.ts';

/** What one attempt came to: the HTTP status when the worker answered, and a google.rpc code. */
export interface DispatchResult {
  httpStatus?: number;
  code: number;
  message: string;
}

const DEADLINE_EXCEEDED: DispatchResult = { code: 4, message: 'Dispatch deadline exceeded' };

export class Attempts {
  readonly #inFlight = new Map<AbortController, { deadlineAt: number; done: Promise<void> }>();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.#inFlight.size;
  }

  /** Runs `send` under a deadline `deadlineMs` of clock time from now; `onDone` gets the result. */
  start(
    deadlineMs: number,
    send: (signal: AbortSignal) => Promise<DispatchResult>,
    onDone: (result: DispatchResult) => void,
  ): void {
    const controller = new AbortController();
    const deadlineAt = this.clock.now() + deadlineMs;
    const expired = new Promise<DispatchResult>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(DEADLINE_EXCEEDED), { once: true });
    });
    const cancel = this.clock.setTimer(deadlineAt, () => controller.abort());
    const sent = send(controller.signal).catch(
      (err: unknown): DispatchResult => ({ code: 13, message: String((err as Error)?.message ?? err) }),
    );
    const done = Promise.race([sent, expired]).then((result) => {
      cancel();
      this.#inFlight.delete(controller);
      onDone(result);
    });
    this.#inFlight.set(controller, { deadlineAt, done });
  }

  nextDeadline(): number | undefined {
    let first: number | undefined;
    for (const f of this.#inFlight.values())
      if (first === undefined || f.deadlineAt < first) first = f.deadlineAt;
    return first;
  }

  /** Waits (real time, at most `maxWaitMs`) for dispatches in flight; a hung worker is left to its deadline. */
  settle(maxWaitMs = 1_000): Promise<void> {
    return settleInFlight(() => [...this.#inFlight.values()].map((f) => f.done), maxWaitMs);
  }

  abortAll(): void {
    for (const c of this.#inFlight.keys()) c.abort();
  }
}
