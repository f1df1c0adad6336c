// Progress lines on stderr while the bench runs (stdout carries only the final table).

export interface Progress {
  /** A new phase: "[3/9] pubsub.e2e ...". */
  step(text: string): void;
  /** A line under the current step. */
  detail(text: string): void;
}

export function createProgress(stream: NodeJS.WritableStream = process.stderr): Progress {
  const started = performance.now();
  const stamp = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s`;
  return {
    step: (text) => stream.write(`${stamp()}  ${text}\n`),
    detail: (text) => stream.write(`${' '.repeat(8)}${text}\n`),
  };
}

/** A progress sink that prints nothing (unit tests). */
export const silentProgress: Progress = { step: () => {}, detail: () => {} };
