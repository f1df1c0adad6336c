// Keeps up to `window` operations in flight until `total` are done or the time budget is spent —
// the bounded loop every throughput benchmark uses, so no run can grow without limit.

export interface PumpResult {
  /** Operations that completed. */
  done: number;
  ms: number;
}

export function pump(
  total: number,
  window: number,
  budgetMs: number,
  start: (index: number) => Promise<unknown>,
): Promise<PumpResult> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    let issued = 0;
    let done = 0;
    let stopped = false;
    let failed = false;
    const finishIfIdle = () => {
      if (done === issued && (stopped || issued === total)) resolve({ done, ms: performance.now() - began });
    };
    const fill = () => {
      while (!stopped && !failed && issued - done < window && issued < total) {
        // Checked before every operation: at a few ops/s (a loaded machine, a slow peer) a check
        // every N operations let a 1.5 s round run for a minute.
        if (performance.now() - began > budgetMs) {
          stopped = true;
          break;
        }
        const index = issued++;
        start(index).then(
          () => {
            done++;
            fill();
            finishIfIdle();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    fill();
    finishIfIdle();
  });
}
