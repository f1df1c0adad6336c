// `devkit start`'s last line of defence: an uncaught error or unhandled rejection anywhere in the
// process is logged with the emulator it came from, the whole stack (Redis included) is stopped,
// and the process exits 1 — never a half-running stack, never a redis-server left behind.
import { emulatorOf } from '../../stack/index.ts';

/** How long stopping the stack may take before the process exits anyway (children are killed then). */
const STOP_GRACE_MS = 5_000;

export interface CrashGuard {
  /** Called once the stack is up, so a crash stops it in order (before, exit kills the children). */
  setStop(stop: () => Promise<void>): void;
  dispose(): void;
}

/** Installs the process-wide handlers; `write` gets the one-line reason (default: stderr). */
export function installCrashGuard(
  write: (line: string) => void = (l) => process.stderr.write(l),
): CrashGuard {
  let stop: (() => Promise<void>) | undefined;
  let crashed = false;
  const onCrash = (kind: string) => (error: unknown) => {
    const emulator = emulatorOf(error);
    const who = emulator ? `the ${emulator} emulator` : 'devkit itself (no emulator context)';
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write(`devkit: ${kind} in ${who}: ${detail}\n`);
    if (crashed) return;
    crashed = true;
    write(`devkit: stopping the whole stack because ${emulator ?? 'devkit'} failed (exit code 1)\n`);
    const timer = setTimeout(() => process.exit(1), STOP_GRACE_MS);
    void (stop?.() ?? Promise.resolve())
      .catch((err: unknown) => write(`devkit: stop after the failure failed too: ${String(err)}\n`))
      .finally(() => {
        clearTimeout(timer);
        // Tracked children (redis-server, fake-gcs-server) are SIGKILLed on exit if still alive.
        process.exit(1);
      });
  };
  const uncaught = onCrash('uncaught error');
  const rejection = onCrash('unhandled promise rejection');
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', rejection);
  return {
    setStop: (fn) => {
      stop = fn;
    },
    dispose: () => {
      process.off('uncaughtException', uncaught);
      process.off('unhandledRejection', rejection);
    },
  };
}
