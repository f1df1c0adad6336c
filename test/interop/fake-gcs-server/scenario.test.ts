// The scenario runner with STORAGE_BACKEND=fake-gcs-server: the tutorial (the default scenario)
// runs end to end on a fake-gcs-server child and every invariant holds.
import { afterEach, expect, it } from 'vitest';
import { SCENARIOS } from '../../../scenarios/index.ts';
import { runScenario } from '../../../src/scenario/index.ts';
import { describeWith } from '../prerequisites.ts';
import { findFakeGcsServer, INSTALL_HINT } from './server.ts';

const binary = findFakeGcsServer();
const tutorial = SCENARIOS.find((s) => s.name === 'tutorial')!;
const saved = { backend: process.env.STORAGE_BACKEND, bin: process.env.FAKE_GCS_SERVER_BIN };

afterEach(() => {
  for (const [name, value] of [
    ['STORAGE_BACKEND', saved.backend],
    ['FAKE_GCS_SERVER_BIN', saved.bin],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it('STORAGE_BACKEND=fake-gcs-server without a binary fails the run naming the go install', async () => {
  process.env.STORAGE_BACKEND = 'fake-gcs-server';
  process.env.FAKE_GCS_SERVER_BIN = '/nonexistent/fake-gcs-server';
  const { result } = await runScenario(tutorial, { files: 3, workers: 1 });
  expect(result.passed).toBe(false);
  expect(result.error).toContain('go install github.com/fsouza/fake-gcs-server@');
}, 60_000);

describeWith(
  'scenarios on fake-gcs-server',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    it('the tutorial passes with STORAGE_BACKEND=fake-gcs-server', async () => {
      process.env.STORAGE_BACKEND = 'fake-gcs-server';
      const { result } = await runScenario(tutorial, { files: 30 });
      const table = JSON.stringify(result, null, 1);
      expect(result.error, table).toBeUndefined();
      expect(result.skipped).toBeUndefined();
      expect(result.invariants.length).toBeGreaterThan(0);
      expect(
        result.invariants.filter((i) => !i.passed),
        table,
      ).toEqual([]);
      expect(result.passed).toBe(true);
      expect(result.metrics.completed).toBe(30);
    }, 180_000);
  },
);
