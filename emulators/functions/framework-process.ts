// Runs a function under an official Functions Framework as a child process (its own CLI, so the
// background-event, CloudEvent and HTTP signatures behave as in Cloud Functions). Node sources load
// through tsx (TypeScript works); Python runs `functions-framework` from a kit-managed venv.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
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

export { freePort } from '../common/index.ts';

export interface FrameworkOptions {
  /** A module file or a folder (Node: package.json main / index.js; Python: main.py). */
  source: string;
  target: string;
  signatureType: SignatureType;
  port: number;
  env?: Record<string, string>;
  /** Every output line of the child, with the stream it came on. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  readyTimeoutMs?: number;
}

/** The Node Functions Framework (@google-cloud/functions-framework) serving `source`. */
export function startFramework(options: FrameworkOptions): Promise<FrameworkProcess> {
  const main = join(dirname(require.resolve('@google-cloud/functions-framework')), 'main.js');
  const args = [
    '--import',
    import.meta.resolve('tsx'),
    main,
    `--target=${options.target}`,
    `--source=${resolve(options.source)}`,
    `--signature-type=${options.signatureType}`,
    `--port=${options.port}`,
  ];
  return startFrameworkChild(process.execPath, args, options);
}

/** The Python Functions Framework from the venv at `venv`, serving `<source>/main.py` or a file. */
export function startPythonFramework(
  options: FrameworkOptions & { venv: string },
): Promise<FrameworkProcess> {
  const args = [
    `--target=${options.target}`,
    `--source=${pythonSource(options.source)}`,
    `--signature-type=${options.signatureType}`,
    '--host=127.0.0.1',
    `--port=${options.port}`,
  ];
  return startFrameworkChild(join(options.venv, 'bin', 'python'), ['-m', 'functions_framework', ...args], {
    ...options,
    env: { PYTHONUNBUFFERED: '1', ...options.env },
    cwd: options.source.endsWith('.py') ? dirname(resolve(options.source)) : resolve(options.source),
  });
}

function pythonSource(source: string): string {
  return source.endsWith('.py') ? resolve(source) : join(resolve(source), 'main.py');
}

async function startFrameworkChild(
  command: string,
  args: string[],
  options: FrameworkOptions & { cwd?: string },
): Promise<FrameworkProcess> {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 50) lines.shift();
      options.onLine?.(line, stream);
    }
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  const exited = once(child, 'exit');
  // A spawn failure ('error') rejects `exited` too; spawnFailed reports it.
  exited.catch(() => undefined);
  const spawnFailed = once(child, 'error').then(([err]) => err as Error);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  const handle = { port: options.port, child, output: () => lines.join('\n'), stop };
  try {
    await Promise.race([
      waitForHttp(`http://127.0.0.1:${options.port}/`, child, options.readyTimeoutMs ?? 30_000),
      spawnFailed.then((err) => Promise.reject(new Error(`could not run ${command}: ${err.message}`))),
    ]);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${handle.output()}`);
  }
  return handle;
}

/**
 * Resolves once the framework accepts TCP connections on the URL's port (no request is sent: any
 * request would run an HTTP function); fails if the child exits or time runs out.
 */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`functions framework exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > giveUp)
      throw new Error(`functions framework not listening at ${url} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
