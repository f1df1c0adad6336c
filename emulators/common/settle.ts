// Waiting, in real time and bounded, for work in flight (HTTP attempts of the Scheduler and Cloud
// Tasks) so a moved clock sees its results before the next timer fires.

/**
 * Resolves once `pending()` is empty or `maxWaitMs` passed, re-reading it after each round (work
 * may start more work). Never rejects: a hung attempt is left to its own deadline.
 */
export async function settleInFlight(pending: () => Promise<unknown>[], maxWaitMs: number): Promise<void> {
  const until = Date.now() + maxWaitMs;
  for (let waiting = pending(); waiting.length > 0 && Date.now() < until; waiting = pending()) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, until - Date.now()));
    });
    await Promise.race([Promise.all(waiting), timeout]);
    clearTimeout(timer);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
