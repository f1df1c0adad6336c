// Runs test/interop/python/worker.py (the Python claim-and-process worker) as a child process
// with a given environment, and waits for its `python worker ready` line.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ReferenceNames } from '../../src/workflow/index.ts';
import { cleanEnv } from '../helpers/devkit-process.ts';
import { PYTHON_DIR, VENV_PYTHON } from './pytest-run.ts';

export interface PythonWorker {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The worker's `worker stopped` JSON line (after SIGTERM), parsed. */
  stats(): { completed: number; duplicate: number; failed: number; ignored: number };
}

/** Starts worker.py on the reference names under `keyPrefix`, with only `env` to find the services. */
export function startPythonWorker(
  env: Record<string, string>,
  names: ReferenceNames,
  keyPrefix: string,
  args: string[],
): Promise<PythonWorker> {
  const child = spawn(
    VENV_PYTHON,
    [
      join(PYTHON_DIR, 'worker.py'),
      ...['--subscription', names.workerSubscription, '--processed-bucket', names.processedBucket],
      ...['--processing-topic', names.processing, '--complete-topic', names.complete],
      ...['--key-prefix', keyPrefix, ...args],
    ],
    { env: { ...cleanEnv(), ...env, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stats = () => {
    const line = /^\{"msg": "worker stopped".*$/m.exec(output);
    if (!line) throw new Error(`python worker printed no stats line:\n${output}`);
    return JSON.parse(line[0]);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`python worker not ready within 30 s:\n${output}`));
    }, 30_000);
    const poll = setInterval(() => {
      if (!output.includes('python worker ready\n')) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, output: () => output, exited, stats });
    }, 20);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`python worker exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}
