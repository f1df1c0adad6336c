// `devkit start` as a real process on free ports only (flags that later services add are passed
// when this build has them), stopped with SIGTERM at the end of a tutorial test.
import { readFileSync } from 'node:fs';
import { type ReadyDevkit, startDevkit } from '../helpers/devkit-process.ts';

const START_SOURCE = readFileSync(new URL('../../src/cli/commands/start.ts', import.meta.url), 'utf8');

/** Every port 0; services added later (Tasks, the dashboard) too, when the build knows their flag. */
export function freePortFlags(): string[] {
  const flags = ['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0'];
  if (START_SOURCE.includes("'--tasks-port")) flags.push('--tasks-port', '0');
  if (START_SOURCE.includes("'--no-ui")) flags.push('--no-ui');
  return flags;
}

export async function startStackProcess(): Promise<ReadyDevkit & AsyncDisposable> {
  const devkit = await startDevkit(['start', ...freePortFlags()], {}, 60_000);
  return {
    ...devkit,
    async [Symbol.asyncDispose]() {
      if (devkit.child.exitCode === null) {
        devkit.child.kill('SIGTERM');
        const timer = setTimeout(() => devkit.child.kill('SIGKILL'), 15_000);
        await devkit.exited;
        clearTimeout(timer);
      }
    },
  };
}
