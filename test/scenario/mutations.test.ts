// The scenarios' checks can fail: each scenario passes as written, and with one deliberate flaw
// switched on (ack-first workers, message-id dedupe, no dead-letter policy) the invariant that
// guards against that flaw fails. Real stacks, real worker processes.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runScenario, type ScenarioResult } from '../../src/scenario/index.ts';

const scenario = (name: string) => {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};
const failed = (result: ScenarioResult) => result.invariants.filter((i) => !i.passed).map((i) => i.name);

describe.each([
  {
    name: 'worker-crash',
    mutation: 'ack-first',
    breaks: 'crashed units finished by another worker',
    files: 30,
  },
  {
    name: 'duplicate-storm',
    mutation: 'naive-workers',
    breaks: 'each output written exactly once',
    files: 30,
  },
  { name: 'poison', mutation: 'no-dead-letter', breaks: 'poison unit in the dead-letter topic', files: 6 },
])('$name', ({ name, mutation, breaks, files }) => {
  it('holds every invariant as written', { timeout: 120_000 }, async () => {
    const { result } = await runScenario(scenario(name), { files, seed: 7 });
    expect(result.error).toBeUndefined();
    expect(failed(result)).toEqual([]);
    expect(result.invariants.length).toBeGreaterThan(0);
    expect(result.passed).toBe(true);
  });

  it(`fails "${breaks}" with --mutation ${mutation}`, { timeout: 120_000 }, async () => {
    const { result } = await runScenario(scenario(name), { files, seed: 7, mutation });
    expect(failed(result)).toContain(breaks);
    expect(result.passed).toBe(false);
  });
});

describe('scenario registry', () => {
  it('every scenario has a description and at least one invariant; names are unique', () => {
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.invariants.length).toBeGreaterThan(0);
    }
  });

  it('rejects a mutation the scenario does not have', async () => {
    await expect(runScenario(scenario('tutorial'), { mutation: 'nope' })).rejects.toThrow(
      'tutorial has no mutation "nope"',
    );
  });
});
