// Runs a handler under the official Functions Framework as a child process (its own CLI, so the
// background-event, CloudEvent and HTTP signatures behave as in Cloud Functions); TypeScript
// sources load through tsx.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

export type SignatureType = 'event' | 'cloudevent' | 'http';

export interface FrameworkProcess {
  port: number;
  child: ChildProcess;
  /** The child's recent output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export { freePort } from '../../common/index.ts';

export async function startFramework(options: {
  source: string;
  target: string;
  signatureType: SignatureType;
  port: number;
  env?: Record<string, string>;
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<FrameworkProcess> {
  const main = join(dirname(require.resolve('@google-cloud/functions-framework')), 'main.js');
  const tsx = import.meta.resolve('tsx');
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsx,
      main,
      `--target=${options.target}`,
      `--source=${resolve(options.source)}`,
      `--signature-type=${options.signatureType}`,
      `--port=${options.port}`,
    ],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 50) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  const handle = { port: options.port, child, output: () => lines.join('\n'), stop };
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}/`, child, options.readyTimeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${handle.output()}`);
  }
  return handle;
}

/** Resolves once anything answers HTTP at `url`; fails if the child exits or time runs out. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`functions framework exited with code ${child.exitCode}`);
    try {
      await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > giveUp)
        throw new Error(`functions framework not listening at ${url} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
