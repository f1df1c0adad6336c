// `gcp-devkit/testing`: helpers for a team's own test suite — one stack per run (vitest or Jest
// global setup), a per-file kit with its own names and reset(), and waits for what workers do.

export { suffixTopology, withSuffix } from './suffix-topology.ts';
export { createTestKit, type TestKit, type TestKitOptions } from './test-kit.ts';
export { type StartedTestStack, startTestStack, type TestStackOptions } from './test-stack.ts';
export {
  createGoogleTokenVerifier,
  type GoogleTokenVerifier,
  type GoogleTokenVerifierOptions,
} from './verify-google-token.ts';
export { DEVKIT_ENV_KEY, devkitGlobalSetup, type GlobalSetupProject } from './vitest-setup.ts';
export { waitForMessage, waitForMessages, waitForObject, waitForUnit } from './wait.ts';
