// Emulator faults driven from a scenario: the flaky-services rules reach the Pub/Sub and Storage
// emulators over their admin endpoint, every kind fires, and the claim flow still does each unit
// exactly once. Real stack, real worker processes.
import { expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runScenario } from '../../src/scenario/index.ts';

it('flaky-services: every fault kind fires and every invariant holds', { timeout: 150_000 }, async () => {
  const definition = SCENARIOS.find((s) => s.name === 'flaky-services')!;
  const { result } = await runScenario(definition, { files: 30, seed: 3 });
  expect(result.error).toBeUndefined();
  expect(result.invariants.filter((i) => !i.passed)).toEqual([]);
  for (const kind of [
    'duplicate',
    'late-delivery',
    'drop-ack',
    'disconnect',
    'publish-error',
    'upload-503',
    'slow-download',
  ]) {
    expect(result.metrics[`faults.${kind}`], kind).toBeGreaterThan(0);
  }
  expect(result.metrics.completed).toBe(30);
  expect(result.passed).toBe(true);
});
