// Spawns `emulator-child.ts` and waits for its ready line: a real emulator process that a test can
// SIGKILL mid-write and start again on the same data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, then waits for the exit. */
  kill: () => Promise<void>;
  /** SIGTERM (a clean stop), then waits for the exit. */
  stop: () => Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
}

export function startEmulatorProcess(dataDir?: string, timeoutMs = 30_000): Promise<EmulatorProcess> {
  const args = ['--import', 'tsx', CHILD, ...(dataDir ? ['--data-dir', dataDir] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const end = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`storage emulator not ready within ${timeoutMs} ms\n${out}\n${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (\S+)\n/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const stop = end('SIGTERM');
      resolve({
        child,
        url: m[1]!,
        stderr: () => err,
        exited,
        kill: end('SIGKILL'),
        stop,
        [Symbol.asyncDispose]: stop,
      });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`storage emulator exited early (code ${code}, signal ${signal})\n${out}\n${err}`));
    });
  });
}
