// Server processes that several benchmark groups measure in turn (our Pub/Sub emulator, pstest):
// started once on first use, reused while alive, stopped when the run ends — a process start is
// seconds of CPU on a loaded 2-core machine, and a warm process is the steady state we measure.
import type { ServerProcess } from './processes.ts';

export interface SharedProcesses {
  /** The live process under `key`, starting it with `start` on first use or after it exited. */
  get(key: string, start: () => Promise<ServerProcess>): Promise<ServerProcess>;
  stopAll(): Promise<void>;
}

export function createSharedProcesses(): SharedProcesses {
  const live = new Map<string, Promise<ServerProcess>>();
  const alive = (p: ServerProcess) => p.child.exitCode === null && p.child.signalCode === null;
  return {
    async get(key, start) {
      const existing = live.get(key);
      if (existing) {
        const proc = await existing.catch(() => undefined);
        if (proc && alive(proc)) return proc;
      }
      const starting = start();
      live.set(key, starting);
      starting.catch(() => live.delete(key));
      return starting;
    },
    async stopAll() {
      const all = [...live.values()];
      live.clear();
      await Promise.all(all.map((p) => p.then((proc) => proc.stop()).catch(() => {})));
    },
  };
}
