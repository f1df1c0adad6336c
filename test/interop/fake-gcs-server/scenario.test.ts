// The scenario runner with STORAGE_BACKEND=fake-gcs-server: the tutorial (the default scenario)
// runs end to end on a fake-gcs-server child and every invariant holds.
import { afterEach, expect, it } from 'vitest';
import { SCENARIOS } from '../../../scenarios/index.ts';
import { setUpPipeline } from '../../../scenarios/lib/pipeline.ts';
import { defineScenario, runScenario } from '../../../src/scenario/index.ts';
import { trackedChildren } from '../../../src/stack/index.ts';
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

    it('arming storage faults at run time skips the scenario with the reason and tears everything down', async () => {
      const armsStorageFaults = defineScenario({
        name: 'arms-storage-faults',
        description: 'sets up a pipeline, then arms a storage fault',
        async run(ctx) {
          await setUpPipeline(ctx);
          await ctx.armFaults('storage', [{ service: 'storage', kind: 'error', method: 'objects.insert' }]);
          throw new Error('must not get here');
        },
        invariants: [{ name: 'never', check: () => ({ passed: false, detail: '' }) }],
      });
      const { result } = await runScenario(armsStorageFaults, { storageBackend: 'fake-gcs-server' });
      expect(result.skipped).toBe(
        'needs the devkit storage emulator: storage fault injection (STORAGE_BACKEND=fake-gcs-server)',
      );
      expect(result.error).toBeUndefined();
      expect(result.invariants).toEqual([]);
      expect(trackedChildren()).toEqual([]);
    }, 60_000);
  },
);
