// A real `devkit worker` / `devkit auditor` process for tests: spawned with a given env, ready
// once it prints `devkit ready`; its JSON logs (stderr) and stdout kept for assertions.
import { type ChildProcess, spawn } from 'node:child_process';
import { cleanEnv, DEVKIT_BIN } from '../helpers/devkit-process.ts';

export interface DevkitChild {
  child: ChildProcess;
  workerId?: string;
  stdout(): string;
  /** Parsed JSON log lines from stderr. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last `{"summary":...}` line an auditor printed, parsed. */
  summary(): Record<string, number> | undefined;
}

/** Spawns `devkit <args>` and resolves once it printed `devkit ready`. */
export function startChild(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 45_000,
): Promise<DevkitChild> {
  const child = spawn(process.execPath, [DEVKIT_BIN, ...args], {
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle: DevkitChild = {
    child,
    stdout: () => out,
    logs: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited,
    summary: () => {
      const lines = out.match(/^\{"summary".*$/gm);
      return lines ? JSON.parse(lines[lines.length - 1]!).summary : undefined;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`devkit ${args.join(' ')} not ready in ${timeoutMs} ms\n${out}\n${err}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      if (!out.includes('devkit ready\n')) return;
      clearInterval(poll);
      clearTimeout(timer);
      handle.workerId = /^worker (\S+)$/m.exec(out)?.[1];
      resolve(handle);
    }, 20);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(
        new Error(`devkit ${args.join(' ')} exited early (code ${code}, signal ${signal})\n${out}\n${err}`),
      );
    });
  });
}
