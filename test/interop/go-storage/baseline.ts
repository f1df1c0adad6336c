// The committed baseline of this interop job and the rule that it may only go up: every case that
// passed in the baseline must still pass, and no suite may pass fewer cases than it did.
import { type Counts, countOutcomes, type LeafResult, suiteOf } from './go-events.ts';

export interface Baseline {
  module: string;
  emulated: Counts;
  conformance: Counts;
  /** every leaf test that passed */
  passing: string[];
}

export function summarize(module: string, results: readonly LeafResult[]): Baseline {
  return {
    module,
    emulated: countOutcomes(results.filter((r) => suiteOf(r.name) === 'emulated')),
    conformance: countOutcomes(results.filter((r) => suiteOf(r.name) === 'conformance')),
    passing: results
      .filter((r) => r.outcome === 'pass')
      .map((r) => r.name)
      .sort(),
  };
}

/** What got worse than `baseline` (empty: the job passes). */
export function regressions(baseline: Baseline, now: Baseline): string[] {
  const problems: string[] = [];
  if (baseline.module !== now.module) {
    problems.push(`baseline is for ${baseline.module}, this run used ${now.module}`);
  }
  const passing = new Set(now.passing);
  for (const name of baseline.passing) {
    if (!passing.has(name)) problems.push(`passed in the baseline, not now: ${name}`);
  }
  for (const suite of ['emulated', 'conformance'] as const) {
    if (now[suite].pass < baseline[suite].pass) {
      problems.push(`${suite}: ${now[suite].pass} pass, baseline ${baseline[suite].pass}`);
    }
  }
  return problems;
}
