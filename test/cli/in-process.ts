// Runs `devkit <args>` inside the test process through the same commander program and command
// modules the real CLI registers (real parsing, real clients over the wire), capturing stdout,
// stderr and the exit code. Process start-up is slow on a loaded machine; the tutorial tests
// still run real processes.
import { Command, CommanderError } from 'commander';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

const MODULES = [
  () => import('../../src/cli/commands/pubsub-admin.ts'),
  () => import('../../src/cli/commands/pubsub-messages.ts'),
  () => import('../../src/cli/commands/storage.ts'),
  () => import('../../src/cli/commands/scheduler-jobs.ts'),
  () => import('../../src/cli/commands/functions.ts'),
  () => import('../../src/cli/commands/gsutil.ts'),
  () => import('../../src/cli/commands/apply.ts'),
];

let queue: Promise<unknown> = Promise.resolve();

/** One command at a time (stdout and process.env are process-wide). */
export function devkitInProcess(args: string[], env: Record<string, string>): Promise<InProcessResult> {
  const next = queue.then(() => runOne(args, env));
  queue = next.catch(() => undefined);
  return next;
}

async function runOne(args: string[], env: Record<string, string>): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('devkit')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  for (const load of MODULES) (await load()).register(program);
  const saved = {
    out: process.stdout.write,
    err: process.stderr.write,
    exit: process.exit,
    env: { ...process.env },
  };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  process.exit = ((c?: number) => {
    code ??= c ?? 0;
  }) as typeof process.exit;
  process.exitCode = undefined;
  Object.assign(process.env, { NO_COLOR: '1', ...env });
  try {
    await program.parseAsync(['node', 'devkit', ...args]);
  } catch (err) {
    if (err instanceof CommanderError) code ??= err.exitCode;
    else throw err;
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exit = saved.exit;
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
  }
  const result = { code: code ?? Number(process.exitCode ?? 0), stdout, stderr };
  process.exitCode = undefined;
  return result;
}

/** Runs in-process and throws with the output unless the command exits 0. */
export async function devkitIn(args: string[], env: Record<string, string>): Promise<string> {
  const result = await devkitInProcess(args, env);
  if (result.code !== 0)
    throw new Error(
      `devkit ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  return result.stdout;
}
