// A vitest globalSetup that starts one stack for the whole run: its env goes to process.env
// (inherited by every test worker) and to `provide('devkitEnv', ...)` for `inject('devkitEnv')`.
import { startTestStack, type TestStackOptions } from './test-stack.ts';

/** The key under which the stack's env is provided to vitest tests. */
export const DEVKIT_ENV_KEY = 'devkitEnv';

/** What vitest passes a globalSetup function (only the part used here). */
export interface GlobalSetupProject {
  provide?(key: string, value: unknown): void;
}

/**
 * Returns a vitest globalSetup function. In `test/devkit-setup.ts`:
 * `export default devkitGlobalSetup();` and in vitest.config.ts `globalSetup: ['test/devkit-setup.ts']`.
 * The returned teardown stops the stack when the run ends.
 */
export function devkitGlobalSetup(
  options: TestStackOptions = {},
): (project?: GlobalSetupProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const started = await startTestStack(options);
    project?.provide?.(DEVKIT_ENV_KEY, { ...started.env });
    return () => started.stop();
  };
}
