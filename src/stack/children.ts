// Every child process the kit spawns is tracked here, so none outlives us: on normal exit and on
// SIGINT/SIGTERM/SIGHUP the survivors are killed. (SIGKILL of the parent cannot be caught; see README.)
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

function killAll(signal: NodeJS.Signals): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

/** Registers a child; it is forgotten when it exits. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A child that could not be spawned (ENOENT) emits 'error' and never 'exit'.
  child.once('error', () => {
    if (child.pid === undefined) live.delete(child);
  });
  if (!hooked) {
    hooked = true;
    // 'exit' handlers must be synchronous: kill() is.
    process.once('exit', () => killAll('SIGKILL'));
  }
  return child;
}

/** Children still running (for tests and diagnostics). */
export function trackedChildren(): readonly ChildProcess[] {
  return [...live];
}

/** Waits until a child has exited, killing it with `signal` first; escalates to SIGKILL after `graceMs`. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 3000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
