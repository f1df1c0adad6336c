// The Python storage suite (google-cloud-storage, test/interop/python/test_storage.py) pointed at
// fake-gcs-server through STORAGE_EMULATOR_HOST, for Python teams that already use it: which
// cases pass there is pinned, and each failure is one of the differences the other tests document.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../../src/stack/index.ts';
import { describeWith } from '../prerequisites.ts';
import { missingVenv, type PytestRun, runPytest } from '../pytest-run.ts';
import { findFakeGcsServer, INSTALL_HINT, type StartedFakeGcsServer, startFakeGcsServer } from './server.ts';

const binary = findFakeGcsServer();

/** Outcome per case on fake-gcs-server, and why a failure fails. */
const EXPECTED: Record<string, { outcome: 'passed' | 'failed'; because?: RegExp }> = {
  'test_storage::test_bucket_crud': { outcome: 'failed', because: /assert \{\} == \{'team': 'interop'\}/ },
  'test_storage::test_object_crud_and_generation_preconditions': { outcome: 'passed' },
  'test_storage::test_resumable_upload_of_several_megabytes': { outcome: 'passed' },
  'test_storage::test_notifications_arrive_in_pubsub': {
    outcome: 'failed',
    because: /NotFound: 404 POST .*\/notificationConfigs/,
  },
};

describeWith(
  'the Python storage suite against fake-gcs-server',
  missingVenv() ?? (binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`),
  () => {
    let stack: StartedStack;
    let fake: StartedFakeGcsServer;
    let run: PytestRun;

    beforeAll(async () => {
      stack = await startStack({ services: ['pubsub'], ports: { pubsub: 0 }, redis: false });
      fake = await startFakeGcsServer({ binary: binary!, pubsubHost: stack.env.PUBSUB_EMULATOR_HOST });
      run = await runPytest(['test_storage.py'], { ...stack.env, STORAGE_EMULATOR_HOST: fake.url }, 120_000);
    }, 180_000);

    afterAll(async () => {
      await fake?.stop();
      await stack?.stop();
    });

    it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
      const result = run.cases.get(name);
      expect(result, `pytest did not report ${name}:\n${run.output}`).toBeDefined();
      expect(result!.outcome, result!.detail).toBe(expected.outcome);
      if (expected.because) expect(result!.detail).toMatch(expected.because);
    });

    it('covers every case of test_storage.py', () => {
      expect([...run.cases.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    });
  },
);
