// One local stack for a whole test run (vitest globalSetup, Jest globalSetup): every service on a
// free loopback port, its env exported to process.env so test workers inherit it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATORS, type StackOptions, type StartedStack, startStack } from '../stack/index.ts';

export interface TestStackOptions extends Pick<StackOptions, 'project' | 'services' | 'storageBackend'> {
  /** Keep emulator state in a throwaway data dir (removed at stop), as `--data-dir` would. */
  persist?: boolean;
  /** Copy the stack's env into process.env (default true), so worker processes inherit it. */
  exportEnv?: boolean;
}

export interface StartedTestStack {
  readonly stack: StartedStack;
  /** PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST, REDIS_URL, GOOGLE_CLOUD_PROJECT, DEVKIT_TARGET... */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the stack on free ports; `stop()` ends every process it started and restores process.env. */
export async function startTestStack(options: TestStackOptions = {}): Promise<StartedTestStack> {
  const dataDir = options.persist ? await mkdtemp(join(tmpdir(), 'devkit-test-')) : undefined;
  const stack = await startStack({
    ports: Object.fromEntries([...EMULATORS.map((e) => [e.name, 0]), ['redis', 0]]),
    project: options.project,
    services: options.services,
    storageBackend: options.storageBackend,
    dataDir,
  });
  const env = { ...stack.env };
  const previous = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  if (options.exportEnv !== false) Object.assign(process.env, env);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await stack.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      if (options.exportEnv === false) return;
      for (const [key, value] of previous) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    })();
    return stopped;
  };
  return { stack, env, stop, [Symbol.asyncDispose]: stop };
}
