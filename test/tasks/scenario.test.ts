// Acceptance 4: the tasks-fanout scenario holds every invariant as written, and its mutation
// (unnamed tasks, so re-enqueued units run twice) fails the exactly-once invariant.
import { expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runScenario, type ScenarioResult } from '../../src/scenario/index.ts';

const fanout = SCENARIOS.find((s) => s.name === 'tasks-fanout');
const failed = (r: ScenarioResult) => r.invariants.filter((i) => !i.passed).map((i) => i.name);

it('tasks-fanout passes as written', { timeout: 180_000 }, async () => {
  const { result } = await runScenario(fanout!, { files: 30, seed: 7 });
  expect(result.error).toBeUndefined();
  expect(failed(result)).toEqual([]);
  expect(result.metrics.deduped).toBeGreaterThan(0);
  expect(result.metrics.failures).toBeGreaterThan(0);
  expect(result.passed).toBe(true);
});

it('tasks-fanout --mutation unnamed-tasks fails: re-enqueued units take effect twice', {
  timeout: 180_000,
}, async () => {
  const { result } = await runScenario(fanout!, { files: 30, seed: 7, mutation: 'unnamed-tasks' });
  expect(failed(result)).toContain("each unit's effect exactly once");
  expect(result.passed).toBe(false);
});
