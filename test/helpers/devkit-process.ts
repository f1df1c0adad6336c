// Runs the real `devkit` CLI as a child process and waits for its `devkit ready` contract line.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEVKIT_BIN = fileURLToPath(new URL('../../bin/devkit.js', import.meta.url));

export interface ReadyDevkit {
  child: ChildProcess;
  /** The `export NAME=value` lines, parsed. */
  env: Record<string, string>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `devkit <args>` and resolves after `devkit ready` and its export lines have arrived. */
export function startDevkit(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 45_000,
): Promise<ReadyDevkit> {
  const child = spawn(process.execPath, [DEVKIT_BIN, ...args], {
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `devkit ${args.join(' ')} not ready within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`,
        ),
      );
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // The export lines follow the ready line in one write; wait for the final newline.
      const ready = out.indexOf('devkit ready\n');
      if (ready >= 0 && /DEVKIT_TARGET=local\n/.test(out.slice(ready))) {
        clearTimeout(timer);
        resolve({ child, env: parseExports(out.slice(ready)), stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`devkit ${args.join(' ')} exited early (code ${code}, signal ${signal})\n${out}\n${err}`),
      );
    });
  });
}

export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export ([A-Z_]+)=(.*)$/gm))
    env[match[1]!] = match[2]!.replace(/^'|'$/g, '');
  return env;
}

/** The parent's environment without any switch that would change what the child does. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/_EMULATOR_HOST$|^REDIS_URL$|^DEVKIT_TARGET$|^GOOGLE_CLOUD_PROJECT$/.test(name)) delete env[name];
  }
  return env;
}
