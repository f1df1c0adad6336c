// Spawns `emulator-child.ts` and waits for its ready line: a real emulator process that a test can
// SIGKILL mid-write and start again on the same data directory. `warmEmulatorProcess` loads the
// child ahead of time, so a restart takes the emulator's start-up only, not Node's and tsx's.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** SIGKILL, then waits for the exit. */
  kill: () => Promise<void>;
  /** SIGTERM (a clean stop), then waits for the exit. */
  stop: () => Promise<void>;
  [Symbol.asyncDispose]: () => Promise<void>;
}

export interface WarmEmulator {
  /** Opens the data dir and listens; resolves once the emulator answers. */
  start: (timeoutMs?: number) => Promise<EmulatorProcess>;
  /** Ends the child without starting it. */
  discard: () => Promise<void>;
}

export function warmEmulatorProcess(dataDir?: string): WarmEmulator {
  const args = ['--import', 'tsx', CHILD, '--wait', ...(dataDir ? ['--data-dir', dataDir] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const end = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const start = (timeoutMs = 30_000) =>
    new Promise<EmulatorProcess>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`storage emulator not ready within ${timeoutMs} ms\n${out}\n${err}`));
      }, timeoutMs);
      const check = () => {
        const m = /^ready (\S+)\n/m.exec(out);
        if (!m) return;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        const stop = end('SIGTERM');
        const kill = end('SIGKILL');
        resolve({ child, url: m[1]!, stderr: () => err, exited, kill, stop, [Symbol.asyncDispose]: stop });
      };
      child.stdout!.on('data', check);
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`storage emulator exited early (code ${code}, signal ${signal})\n${out}\n${err}`));
      });
      child.stdin!.write('start\n');
    });
  return { start, discard: end('SIGTERM') };
}

export function startEmulatorProcess(dataDir?: string, timeoutMs = 30_000): Promise<EmulatorProcess> {
  return warmEmulatorProcess(dataDir).start(timeoutMs);
}
