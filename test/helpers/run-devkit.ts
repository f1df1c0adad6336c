// Runs one `devkit <args>` command to completion as a real process (async, so in-process
// emulators in the test keep answering), with the given environment and optional stdin.
import { spawn } from 'node:child_process';
import { cleanEnv, DEVKIT_BIN } from './devkit-process.ts';

export interface DevkitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runDevkit(
  args: string[],
  env: Record<string, string> = {},
  options: { stdin?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<DevkitResult> {
  const child = spawn(process.execPath, [DEVKIT_BIN, ...args], {
    env: { ...cleanEnv(), NO_COLOR: '1', ...env },
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devkit ${args.join(' ')} did not finish\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `devkit <args>` and fails the test with its output unless it exits 0. */
export async function devkitOk(args: string[], env: Record<string, string>, stdin?: string): Promise<string> {
  const result = await runDevkit(args, env, { stdin });
  if (result.code !== 0) {
    throw new Error(
      `devkit ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
  return result.stdout;
}
