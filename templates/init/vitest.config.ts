import { defineConfig } from 'vitest/config';

// One local stack for the run (test/devkit-setup.ts); each test file gets its own names on it.
export default defineConfig({
  test: {
    globalSetup: ['./test/devkit-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
