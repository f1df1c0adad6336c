// Which emulator an error belongs to. Each emulator starts inside `runAsEmulator(name, ...)`, so
// every server, socket, timer and callback it creates carries its name (AsyncLocalStorage); a
// process-wide handler asks `emulatorOf(error)` to say which emulator failed. A process that runs
// one emulator only names it without AsyncLocalStorage, whose promise hooks cost Node 20 ~18 % of a
// request's CPU (measured on the Storage port).
import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<string>();
let soleEmulator: string | undefined;

/**
 * Runs `start` (an emulator's start) so that everything it sets up is attributed to `name`. With
 * `sole`, it is the only emulator in this process: it is named by default instead of through a context.
 */
export function runAsEmulator<T>(name: string, start: () => T, sole = false): T {
  if (!sole) return context.run(name, start);
  soleEmulator = name;
  return start();
}

/**
 * The emulator running now (in an `uncaughtException` handler: the one whose callback threw), else
 * the first `emulators/<name>/` folder in the error's stack (for rejections, whose handler runs
 * outside their context), else the only emulator of the process; undefined when none tells.
 */
export function emulatorOf(error?: unknown): string | undefined {
  const current = context.getStore();
  if (current) return current;
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return (
    /[/\\]emulators[/\\](pubsub|storage|scheduler|tasks|functions)[/\\]/.exec(stack)?.[1] ?? soleEmulator
  );
}

/**
 * Test-only fault, read by `devkit start`: DEVKIT_TEST_CRASH=<emulator> throws an uncaught error
 * from inside that emulator's context `DEVKIT_TEST_CRASH_AFTER_MS` (default 300) after it started;
 * DEVKIT_TEST_CRASH=<emulator>:rejection rejects a promise nobody handles instead. Unset: nothing.
 */
export function armTestCrash(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const [target, kind] = (env.DEVKIT_TEST_CRASH ?? '').split(':');
  if (target !== name) return;
  const afterMs = Number(env.DEVKIT_TEST_CRASH_AFTER_MS ?? 300);
  const message = `DEVKIT_TEST_CRASH: injected ${kind === 'rejection' ? 'unhandled rejection' : 'uncaught error'} in ${name}`;
  setTimeout(() => {
    if (kind === 'rejection') void Promise.reject(new Error(message));
    else throw new Error(message);
  }, afterMs).unref();
}
