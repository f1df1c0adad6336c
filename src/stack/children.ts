// Every child process the kit spawns is tracked here, so none outlives us: on normal exit and on
// SIGINT/SIGTERM/SIGHUP the survivors are killed. A SIGKILL of this process cannot be caught, so
// server children also get a watchdog that kills them once this process is gone (see README).
import { type ChildProcess, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();
const watchdogs = new Set<ChildProcess>();
let hooked = false;

// Polls both pids; once this process is gone while the child lives, kills the child. It ends by
// itself when the child ends, and is killed as soon as we see the child exit (no stale pid kill).
const WATCHDOG =
  'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 0.5; done; kill -0 "$1" 2>/dev/null || kill -KILL "$2" 2>/dev/null';

/** Kills `child` within about a second of this process dying, even by SIGKILL. */
export function watchParentDeath(child: ChildProcess): void {
  if (child.pid === undefined) return;
  // Detached (own process group): a signal to our group must not take it down before it acts.
  const dog = spawn('sh', ['-c', WATCHDOG, 'devkit-watchdog', String(process.pid), String(child.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  dog.on('error', () => {}); // no sh: only the catchable exits are covered
  dog.unref();
  watchdogs.add(dog);
  const release = () => {
    watchdogs.delete(dog);
    if (dog.exitCode === null && dog.signalCode === null) dog.kill('SIGKILL');
  };
  dog.once('exit', () => watchdogs.delete(dog));
  child.once('exit', release);
}

function killAll(signal: NodeJS.Signals): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

/** Registers a child; it is forgotten when it exits. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A child that could not be spawned (ENOENT) emits 'error' and never 'exit'.
  child.once('error', () => {
    if (child.pid === undefined) live.delete(child);
  });
  if (!hooked) {
    hooked = true;
    // 'exit' handlers must be synchronous: kill() is.
    process.once('exit', () => {
      killAll('SIGKILL');
      for (const dog of watchdogs) dog.kill('SIGKILL');
    });
  }
  return child;
}

/** Children still running (for tests and diagnostics). */
export function trackedChildren(): readonly ChildProcess[] {
  return [...live];
}

/** Waits until a child has exited, killing it with `signal` first; escalates to SIGKILL after `graceMs`. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 3000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface ServerChild {
  child: ChildProcess;
  /** The tail of its stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM (then SIGKILL), once; later calls share the first. */
  stop(): Promise<void>;
}

/**
 * Spawns and tracks a server process, then waits for `ready` (e.g. a PING or health-check loop).
 * A missing binary (ENOENT) rejects with `notFound()`; an early exit rejects with the child's
 * output; either failure or a failed `ready` leaves no process behind.
 */
export async function startServerChild(options: {
  name: string;
  binary: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed (e.g. a config file with a secret). */
  stdin?: string;
  notFound(): Error;
  ready(): Promise<void>;
}): Promise<ServerChild> {
  const { name, binary } = options;
  const stdin = options.stdin === undefined ? 'ignore' : 'pipe';
  const child = track(spawn(binary, options.args, { env: options.env, stdio: [stdin, 'pipe', 'pipe'] }));
  child.stdin?.on('error', () => {}); // a child that exits at once closes the pipe under us
  child.stdin?.end(options.stdin);
  watchParentDeath(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? options.notFound() : err),
    );
    child.once('exit', (code, signal) =>
      reject(
        new Error(`${name} exited before it was ready (code ${code}, signal ${signal}): ${output.trim()}`),
      ),
    );
  });
  failed.catch(() => {});
  try {
    await Promise.race([options.ready(), failed]);
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    child,
    output: () => output,
    stop: () => {
      stopping ??= stopChild(child);
      return stopping;
    },
  };
}
