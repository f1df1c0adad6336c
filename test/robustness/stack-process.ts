// The stack under attack: `devkit start` as a child process (every emulator in one process, so
// its RSS is one number in /proc/PID/status), with a GC trigger for settled memory readings.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ReadyDevkit, startDevkit } from '../helpers/devkit-process.ts';
import { isAlive } from '../helpers/processes.ts';
import { PORTS, type PortUnderTest } from './ports.ts';

const GC_PRELOAD = fileURLToPath(new URL('./gc-on-signal.mjs', import.meta.url));

export interface StackUnderTest {
  devkit: ReadyDevkit;
  pid: number;
  env: Record<string, string>;
  /** The ports this stack serves, each with its host and port. */
  ports: { spec: PortUnderTest; host: string; port: number }[];
  alive(): boolean;
  /** RSS in bytes after a full GC has had time to settle (the lowest of a few readings). */
  settledRss(): Promise<number>;
  stop(): Promise<void>;
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb[1]) * 1024;
}

/** `devkit start` with every service on a free port (or `devkit start <service> --port 0`). */
export async function startStackProcess(service?: string): Promise<StackUnderTest> {
  const args = service
    ? ['start', service, '--port', '0']
    : ['start', ...PORTS.flatMap((p) => [`--${p.name}-port`, '0'])];
  const devkit = await startDevkit(
    args,
    {
      NODE_OPTIONS: `--expose-gc --import ${GC_PRELOAD}`,
      DEVKIT_LOG_LEVEL: 'error',
      // glibc keeps freed 64 KiB socket buffers in its arena (RSS +50 MiB that plateaus after a
      // few 17 MiB bodies); served from mmap instead they return to the OS, so RSS shows leaks.
      MALLOC_MMAP_THRESHOLD_: '32768',
    },
    60_000,
  );
  const pid = devkit.child.pid as number;
  const ports = PORTS.flatMap((spec) => {
    const value = devkit.env[spec.envVar];
    if (!value) return [];
    const url = new URL(value.includes('://') ? value : `http://${value}`);
    return [{ spec, host: url.hostname, port: Number(url.port) }];
  });
  return {
    devkit,
    pid,
    env: devkit.env,
    ports,
    alive: () => isAlive(pid),
    settledRss: async () => {
      let lowest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 2; i++) {
        process.kill(pid, 'SIGUSR2');
        await new Promise((r) => setTimeout(r, 250));
        lowest = Math.min(lowest, rssOf(pid));
      }
      return lowest;
    },
    stop: async () => {
      if (devkit.child.exitCode === null && devkit.child.signalCode === null) devkit.child.kill('SIGTERM');
      const timer = setTimeout(() => devkit.child.kill('SIGKILL'), 15_000);
      await devkit.exited;
      clearTimeout(timer);
    },
  };
}
