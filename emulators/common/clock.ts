// Time as a dependency: emulators read `now()` and schedule with `setTimer`, so tests and the
// scheduler's `advance` can move time deterministically instead of waiting for it.

export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once the clock reaches `atMs` (immediately-ish when already past). */
  setTimer(atMs: number, fn: () => void): CancelTimer;
}

/** The wall clock. Timers longer than Node's 24.8-day limit are chained. */
export function systemClock(): Clock {
  const MAX_DELAY = 2 ** 31 - 1;
  return {
    now: () => Date.now(),
    setTimer(atMs, fn) {
      let handle: NodeJS.Timeout;
      const arm = () => {
        const delay = atMs - Date.now();
        if (delay > MAX_DELAY) {
          handle = setTimeout(arm, MAX_DELAY);
        } else {
          handle = setTimeout(fn, Math.max(0, delay));
        }
        handle.unref?.();
      };
      arm();
      return () => clearTimeout(handle);
    },
  };
}

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, firing every due timer in time order (each sees its own time). */
  advance(ms: number): Promise<void>;
  /** Moves time to `atMs` (never backwards). */
  advanceTo(atMs: number): Promise<void>;
  /** Number of pending timers. */
  pending(): number;
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that only moves when told. Timers fire in (time, creation) order during `advance`;
 * between timers pending microtasks run so async work started by one timer can settle.
 */
export function manualClock(startMs = Date.parse('2026-01-01T00:00:00Z')): ManualClock {
  let now = startMs;
  let seq = 0;
  const timers = new Set<ManualTimer>();
  const next = (limit: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const t of timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const clock: ManualClock = {
    now: () => now,
    setTimer(atMs, fn) {
      const timer = { at: atMs, seq: seq++, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    async advanceTo(atMs) {
      const target = Math.max(now, atMs);
      await settle();
      for (let t = next(target); t; t = next(target)) {
        timers.delete(t);
        now = Math.max(now, t.at);
        t.fn();
        await settle();
      }
      now = target;
      await settle();
    },
    advance: (ms) => clock.advanceTo(now + ms),
    pending: () => timers.size,
  };
  return clock;
}
