// Resolves on the first SIGINT/SIGTERM/SIGHUP, so long-running commands can drain and exit 0.

export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.once(signal, () => resolve(signal));
  });
}
