// The default scheduler clock: wall time plus an offset that `advance` grows, so a running
// emulator keeps firing in real time and can also be jumped forward (firing what falls due, in order).
import type { Clock } from '../../common/index.ts';

/** A clock whose time can be moved forward; ManualClock from common fits this shape too. */
export interface AdvanceableClock extends Clock {
  advance(ms: number): Promise<void>;
  advanceTo(atMs: number): Promise<void>;
}

export function isAdvanceable(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advanceTo === 'function';
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export function offsetClock(): AdvanceableClock & { close(): void } {
  let offset = 0;
  let seq = 0;
  let wake: NodeJS.Timeout | undefined;
  const timers = new Set<Timer>();
  const now = () => Date.now() + offset;
  const due = (limit: number) => {
    let best: Timer | undefined;
    for (const t of timers) {
      if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    }
    return best;
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  // One real timeout for the earliest timer; re-armed whenever the set or the offset changes.
  const rearm = () => {
    if (wake) clearTimeout(wake);
    wake = undefined;
    let first = Number.POSITIVE_INFINITY;
    for (const t of timers) first = Math.min(first, t.at);
    if (first === Number.POSITIVE_INFINITY) return;
    wake = setTimeout(fireDue, Math.min(Math.max(0, first - now()), 2 ** 31 - 1));
    wake.unref?.();
  };
  const fireDue = () => {
    for (let t = due(now()); t; t = due(now())) {
      timers.delete(t);
      t.fn();
    }
    rearm();
  };
  const clock = {
    now,
    setTimer(atMs: number, fn: () => void) {
      const timer = { at: atMs, seq: seq++, fn };
      timers.add(timer);
      rearm();
      return () => {
        timers.delete(timer);
      };
    },
    async advanceTo(atMs: number) {
      const target = Math.max(now(), atMs);
      await settle();
      for (let t = due(target); t; t = due(target)) {
        timers.delete(t);
        offset = Math.max(offset, t.at - Date.now());
        t.fn();
        await settle();
      }
      offset = Math.max(offset, target - Date.now());
      rearm();
      await settle();
    },
    advance: (ms: number) => clock.advanceTo(now() + ms),
    close() {
      if (wake) clearTimeout(wake);
      timers.clear();
    },
  };
  return clock;
}
