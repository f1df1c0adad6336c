import { defineConfig } from 'vitest/config';

// Integration tests start real servers (emulators, redis-server, worker processes) on free
// loopback ports; two cores, so files run in a small pool and tests get generous timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'emulators/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for a condition; 1 s (vitest's default) is too short on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/reporters/plain-summary.ts'],
  },
});
