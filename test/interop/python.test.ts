// The official Python clients (google-cloud-pubsub, -storage, -scheduler) against the kit's
// emulators: starts a stack, runs the pytest suite in test/interop/python with the stack's
// environment only, and reports every Python test case as a vitest test.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { describeWith } from './prerequisites.ts';
import { declaredCases, missingVenv, type PytestRun, pythonTestFiles, runPytest } from './pytest-run.ts';

const files = pythonTestFiles();
const cases = declaredCases(files);

describeWith('Python official clients against the emulators', missingVenv(), () => {
  let stack: StartedStack;
  let run: PytestRun;

  beforeAll(async () => {
    stack = await startStack({ ports: { pubsub: 0, storage: 0, scheduler: 0 }, redis: false });
    run = await runPytest(files, { ...stack.env }, 240_000);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finds the emulators through PUBSUB_EMULATOR_HOST and STORAGE_EMULATOR_HOST alone', () => {
    expect(stack.env.PUBSUB_EMULATOR_HOST).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(stack.env.STORAGE_EMULATOR_HOST).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gives the Scheduler suite CLOUD_SCHEDULER_EMULATOR_HOST and the issuer URLs', () => {
    expect(stack.env.CLOUD_SCHEDULER_EMULATOR_HOST).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(stack.env.DEVKIT_OIDC_CERTS_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/certs$/);
    expect(stack.env.DEVKIT_OAUTH_TOKENINFO_URL).toMatch(/\/oauth2\/v3\/tokeninfo$/);
  });

  it('pytest exits 0 and its summary counts every declared test as passed', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.summary, run.output).toMatch(new RegExp(`^${cases.length} passed(, \\d+ warnings?)? in `));
  });

  it.each(cases)('%s', (name) => {
    const result = run.cases.get(name);
    expect(result, `pytest did not report ${name}:\n${run.output}`).toBeDefined();
    expect(result!.outcome, result!.detail).toBe('passed');
  });
});
