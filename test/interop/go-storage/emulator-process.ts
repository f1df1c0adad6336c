// Our Storage emulator as a user runs it: `devkit start storage --port 0` in its own process,
// ready once it printed STORAGE_EMULATOR_HOST; its output goes to a log file.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEVKIT = fileURLToPath(new URL('../../../bin/devkit.js', import.meta.url));

export interface EmulatorProcess {
  url: string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the emulator; rejects if it exits or is not ready within `timeoutMs`. */
export function startEmulatorProcess(logFile: string, timeoutMs = 60_000): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [DEVKIT, 'start', 'storage', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    log.end();
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`devkit start storage not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`devkit start storage exited (${code}) before it was ready; see ${logFile}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      const url = /^export STORAGE_EMULATOR_HOST=(\S+)$/m.exec(seen)?.[1];
      if (url && /^export DEVKIT_TARGET=/m.test(seen)) {
        clearTimeout(timer);
        resolve({ url, stop, [Symbol.asyncDispose]: stop });
      }
    });
  });
}
