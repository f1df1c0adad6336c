// Reading `go test -json` output into one outcome per leaf test (a test or subtest with no
// subtests of its own), grouped into the suites this interop job reports.

export type Outcome = 'pass' | 'fail' | 'skip';

export interface GoEvent {
  Action: string;
  Test?: string;
  Output?: string;
}

export interface LeafResult {
  name: string;
  outcome: Outcome;
  /** the test's last output lines (failures and skips: the reason) */
  output: string[];
}

/** Leaf tests with their outcome, in the order they finished; lines that are not JSON are ignored. */
export function leafResults(lines: Iterable<string>): LeafResult[] {
  const outcome = new Map<string, Outcome>();
  const output = new Map<string, string[]>();
  const parents = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    let ev: GoEvent;
    try {
      ev = JSON.parse(line) as GoEvent;
    } catch {
      continue;
    }
    const name = ev.Test;
    if (!name) continue;
    for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) parents.add(name.slice(0, i));
    if (ev.Action === 'output' && ev.Output) {
      const kept = output.get(name) ?? [];
      kept.push(ev.Output.trimEnd());
      if (kept.length > 12) kept.shift();
      output.set(name, kept);
    } else if (ev.Action === 'pass' || ev.Action === 'fail' || ev.Action === 'skip') {
      outcome.set(name, ev.Action);
    }
  }
  const leaves: LeafResult[] = [];
  for (const [name, result] of outcome) {
    if (!parents.has(name)) leaves.push({ name, outcome: result, output: output.get(name) ?? [] });
  }
  return leaves;
}

export interface Counts {
  pass: number;
  fail: number;
  skip: number;
}

export function countOutcomes(results: readonly LeafResult[]): Counts {
  const counts: Counts = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}

/** `conformance` for TestRetryConformance's cases, `emulated` for the `*Emulated` tests. */
export const suiteOf = (name: string): 'conformance' | 'emulated' =>
  name.startsWith('TestRetryConformance') ? 'conformance' : 'emulated';
