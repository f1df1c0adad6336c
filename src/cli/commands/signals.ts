// When a long-running command should stop: the first SIGINT/SIGTERM/SIGHUP, or (for `devkit
// start`) the process that started it going away, which npm/npx would not tell it with a signal.
import { readFileSync } from 'node:fs';

/** Resolves on the first SIGINT/SIGTERM/SIGHUP, so long-running commands can drain and exit 0. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.once(signal, () => resolve(signal));
  });
}

/** `pid`'s parent and session ids from /proc (Linux); undefined where /proc is missing or `pid` is gone. */
export function procStat(pid: number): { ppid: number; sid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name in parentheses (which may itself contain ") "): state ppid pgrp session.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), sid: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

/**
 * The processes that started this one, each with the parent it has now: our parent, then its
 * ancestors up to (not including) the session leader (the login or terminal shell) or pid 1.
 * Wrappers such as `npx`, `npm run`'s `sh -c` and `tsx` sit in this chain.
 */
export function launchChain(): Array<{ pid: number; ppid: number }> {
  const chain = [{ pid: process.pid, ppid: process.ppid }];
  for (let pid = process.ppid; pid > 1 && chain.length < 32; ) {
    const stat = procStat(pid);
    if (!stat || stat.sid === pid) break;
    chain.push({ pid, ppid: stat.ppid });
    pid = stat.ppid;
  }
  return chain;
}

/**
 * Resolves with a reason once the process that started this one is gone: our parent exited (we
 * were re-parented), or one of the wrappers above us was orphaned — npm does not forward SIGTERM,
 * so `npx devkit start` killed leaves sh/tsx/devkit running under a dead npm. Needs /proc (Linux)
 * for the wrappers; elsewhere only our own parent is watched. Polls every `intervalMs`.
 */
export function untilParentGone(intervalMs = 250): { gone: Promise<string>; cancel(): void } {
  const chain = launchChain();
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<string>((resolve) => {
    timer = setInterval(() => {
      for (const { pid, ppid } of chain) {
        const now = pid === process.pid ? process.ppid : procStat(pid)?.ppid;
        if (now === ppid) continue;
        clearInterval(timer);
        resolve(
          pid === process.pid
            ? `its parent process ${ppid} exited`
            : `process ${pid}, which started it, lost its parent ${ppid}`,
        );
        return;
      }
    }, intervalMs);
    timer.unref();
  });
  return { gone, cancel: () => clearInterval(timer) };
}
