// What a scenario is: data (name, description, defaults, faults) plus small hooks (run, invariants).
import type { FaultRuleInput } from '../../emulators/faults/index.ts';
import type { ScenarioContext } from './context.ts';
import type { ScenarioOptions } from './options.ts';

export type { ScenarioOptions } from './options.ts';

export interface InvariantResult {
  name: string;
  passed: boolean;
  detail: string;
}

export interface InvariantDefinition {
  name: string;
  check(
    ctx: ScenarioContext,
  ): Promise<{ passed: boolean; detail: string }> | { passed: boolean; detail: string };
}

export interface ScenarioDefinition {
  name: string;
  /** One line, shown by `--list`. */
  description: string;
  defaults?: Partial<ScenarioOptions>;
  /** Flaws this scenario can run with (`--mutation NAME`), each with what it breaks. */
  mutations?: Record<string, string>;
  /** Fault rules armed in the emulators before the workload starts. */
  faults?: FaultRuleInput[];
  /**
   * What only our own emulators offer and this scenario relies on, each with why (fault rules
   * for `storage` in `faults` count too). On another storage backend the scenario is skipped
   * with "needs the devkit storage emulator: <why>".
   */
  requires?: { devkitStorage?: string };
  /** Upper bound for the whole scenario, including quiescence. Default 90 s. */
  timeoutMs?: number;
  /** Drives the workload and the process faults; returns when the system should be quiescent. */
  run(ctx: ScenarioContext): Promise<void>;
  invariants: InvariantDefinition[];
}

export interface ScenarioResult {
  name: string;
  description: string;
  passed: boolean;
  durationMs: number;
  invariants: InvariantResult[];
  metrics: Record<string, number>;
  /** Set when the scenario itself failed (crashed or timed out) before its invariants could run. */
  error?: string;
  /** Set when the scenario did not run on this stack, with why (`passed` is then false). */
  skipped?: string;
}

/** Identity helper that gives scenario modules type checking. */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return definition;
}

/**
 * Thrown (by the runner or a scenario's hook) when the scenario cannot run on this stack, e.g. it
 * arms storage faults on fake-gcs-server: the result is `skipped` with the message, not a failure.
 */
export class ScenarioSkipped extends Error {
  override readonly name = 'ScenarioSkipped';
}

/** The message of a scenario that relies on our Storage emulator, for `why` it does. */
export function needsDevkitStorage(why: string, backend: string): string {
  return `needs the devkit storage emulator: ${why} (STORAGE_BACKEND=${backend})`;
}
