// Servers under test as child processes: `devkit start ...` and the peers. A child's memory is read
// from /proc/<pid>/status, so the benchmark client's own heap never pollutes an emulator's RSS.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { track } from '../src/stack/children.ts';

export const DEVKIT_BIN = fileURLToPath(new URL('../bin/devkit.js', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The `export NAME=value` lines (devkit), or what the peer's adapter put together. */
  readonly env: Record<string, string>;
  /** Milliseconds from spawn until ready. */
  readonly readyMs: number;
  /** Resident set size in MiB right now (VmRSS). */
  rssMb(): number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The parent's environment without any switch that would change what the child does. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/_EMULATOR_HOST$|^REDIS_URL$|^DEVKIT_TARGET$|^GOOGLE_CLOUD_PROJECT$/.test(name)) delete env[name];
  }
  return env;
}

/** VmRSS of a process in MiB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** CPU seconds (user + system) a process has used so far (Linux /proc/<pid>/stat, 100 ticks/s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export ([A-Z_]+)=(.*)$/gm))
    env[match[1]!] = match[2]!.replace(/^'|'$/g, '');
  return env;
}

interface SpawnReadyOptions {
  command: string;
  args: string[];
  label: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Inspects the output so far; returns the env once the child is ready, else undefined. */
  ready(
    stdout: string,
    stderr: string,
  ): Record<string, string> | undefined | Promise<Record<string, string> | undefined>;
  /** Poll `ready` on a timer too (for servers that say nothing when ready). */
  pollMs?: number;
}

/** Spawns a server and resolves once `ready` says so; kills it on timeout or early exit. */
export function spawnReady(options: SpawnReadyOptions): Promise<ServerProcess> {
  const started = performance.now();
  const child = track(
    spawn(options.command, options.args, {
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    let poller: NodeJS.Timeout | undefined;
    const finish = (error: Error | undefined, env?: Record<string, string>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poller);
      if (error) {
        void stop().then(() => reject(error));
        return;
      }
      const pid = child.pid!;
      resolve({
        child,
        pid,
        env: env!,
        readyMs: performance.now() - started,
        rssMb: () => rssMb(pid),
        stop,
        [Symbol.asyncDispose]: stop,
      });
    };
    const check = async () => {
      try {
        const env = await options.ready(out, err);
        if (env) finish(undefined, env);
      } catch (e) {
        finish(e as Error);
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`${options.label} not ready within ${options.timeoutMs} ms\n${out}\n${err}`)),
      options.timeoutMs,
    );
    child.once('error', (e) => finish(new Error(`${options.label} could not start: ${e.message}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      void check();
    });
    child.stderr!.on('data', (d: Buffer) => {
      // Keep only the tail: a chatty server must not grow our heap.
      err = (err + d.toString()).slice(-4000);
    });
    if (options.pollMs) poller = setInterval(() => void check(), options.pollMs);
    void exited.then(() =>
      finish(new Error(`${options.label} exited early (code ${child.exitCode})\n${out}\n${err}`)),
    );
  });
}

/**
 * Extra node flags for every `devkit` child, e.g. DEVKIT_BENCH_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof" to profile the emulators and workers under benchmark load.
 */
export function childNodeArgs(): string[] {
  return (process.env.DEVKIT_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** `node bin/devkit.js start <args>` until its `devkit ready` line and export lines have arrived. */
export function startDevkit(
  args: string[],
  timeoutMs = 30_000,
  env?: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  return spawnReady({
    command: process.execPath,
    args: [...childNodeArgs(), ...nodeArgs, DEVKIT_BIN, 'start', ...args],
    label: `devkit start ${args.join(' ')}`,
    env: { ...cleanEnv(), ...env },
    timeoutMs,
    ready: (out) => {
      const at = out.indexOf('devkit ready\n');
      // The export lines follow the ready line in one write; the last one is DEVKIT_TARGET.
      return at >= 0 && /DEVKIT_TARGET=local\n/.test(out.slice(at)) ? parseExports(out.slice(at)) : undefined;
    },
  });
}

/** `node <bin> start <args>` of another checkout (`--base`: before / after a change, same run). */
export function startBaseDevkit(bin: string, args: string[]): Promise<ServerProcess> {
  return spawnReady({
    command: process.execPath,
    args: [...childNodeArgs(), bin, 'start', ...args],
    label: 'base devkit',
    env: cleanEnv(),
    timeoutMs: 60_000,
    ready: (out) => (/DEVKIT_TARGET=local\n/.test(out) ? parseExports(out) : undefined),
  });
}

/** `bench/profile/storage-ceiling.ts` as a child: the client's own ceiling (see that file). */
export function startStorageCeiling(largeMb = 0): Promise<ServerProcess> {
  return spawnReady({
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      fileURLToPath(new URL('./profile/storage-ceiling.ts', import.meta.url)),
      '--large-mb',
      String(largeMb),
    ],
    label: 'storage ceiling',
    timeoutMs: 30_000,
    ready: (out) => {
      const host = /STORAGE_EMULATOR_HOST=(\S+)\n/.exec(out)?.[1];
      return host ? { STORAGE_EMULATOR_HOST: host } : undefined;
    },
  });
}
