// Scenarios that rely on our Storage emulator are skipped on another backend with the reason,
// before any process starts; the summary shows the skip and does not count it as a failure.
import { expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { defineScenario, formatSummary, runScenario, skipReason } from '../../src/scenario/index.ts';

const never = defineScenario({
  name: 'needs-storage-faults',
  description: 'arms a storage fault',
  faults: [{ service: 'storage', kind: 'error', method: 'storage.objects.insert' }],
  run: () => Promise.reject(new Error('must not run')),
  invariants: [{ name: 'never', check: () => ({ passed: false, detail: '' }) }],
});

it('declared needs and storage fault rules skip on fake-gcs-server, never on devkit', () => {
  expect(skipReason(never, 'devkit')).toBeUndefined();
  expect(skipReason(never, 'fake-gcs-server')).toBe(
    'needs the devkit storage emulator: storage fault injection (STORAGE_BACKEND=fake-gcs-server)',
  );
  const skipped = SCENARIOS.filter((s) => skipReason(s, 'fake-gcs-server')).map((s) => s.name);
  expect(skipped).toEqual(expect.arrayContaining(['emulator-restart', 'fan-out', 'naive-vs-claim']));
  expect(skipped).not.toContain('tutorial');
  expect(skipped).not.toContain('duplicate-storm');
  expect(skipped).not.toContain('worker-crash');
});

it('a skipped scenario returns at once with the reason, and the summary says so', async () => {
  const restart = SCENARIOS.find((s) => s.name === 'emulator-restart')!;
  const { result } = await runScenario(restart, { storageBackend: 'fake-gcs-server' });
  expect(result).toMatchObject({ name: 'emulator-restart', passed: false, invariants: [] });
  expect(result.skipped).toMatch(/^needs the devkit storage emulator: Storage restarted from its data dir/);
  const summary = formatSummary([result], false);
  expect(summary).toContain('skip');
  expect(summary).toContain('0/1 scenarios passed, 1 skipped');
});
