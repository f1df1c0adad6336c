// Runs a command to completion in a consumer project, as a user's shell would: an environment
// without this test run's own variables (vitest's, npm's, the stack's), a time limit, the output.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  output: string;
}

const OURS =
  /^(VITEST|npm_|INIT_CWD$|NODE_OPTIONS$|DEVKIT_|REDIS_URL$|GOOGLE_CLOUD_PROJECT$|STORAGE_BACKEND$|.*_EMULATOR_HOST$)/;

export function userEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !OURS.test(e[0])),
  );
}

export function run(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs = 300_000,
): Promise<CommandResult> {
  const child = spawn(command, args, {
    cwd,
    env: { ...userEnv(), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs and throws with the command's output unless it exits 0. */
export async function runOk(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs?: number,
): Promise<string> {
  const result = await run(command, args, cwd, timeoutMs);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${result.code}:\n${result.output.slice(-4000)}`,
    );
  }
  return result.output;
}
