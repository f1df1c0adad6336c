// What a benchmark group is and what it gets to run with. A group measures one or more metrics that
// share a setup (one upload yields both MB/s and RSS growth) and returns their raw rounds.
import { EMULATORS, type EmulatorSpec, type ServiceName } from '../src/stack/emulators.ts';
import type { PeerBinary, PeerName } from './peers.ts';
import type { Progress } from './progress.ts';
import type { Measured, Target } from './results.ts';
import type { SharedProcesses } from './shared-processes.ts';

export interface BenchContext {
  quick: boolean;
  /** Rounds per metric (each metric may use fewer for expensive runs, and says so in its note). */
  rounds: number;
  /** Measure the client's ceiling too where a group can (`bench/profile/storage-ceiling.ts`). */
  ceiling: boolean;
  progress: Progress;
  peers: Record<PeerName, PeerBinary>;
  /** Servers several groups measure (started once, stopped at the end of the run). */
  shared: SharedProcesses;
}

export interface MetricSpec {
  name: string;
  unit: string;
  target: Target;
}

export interface BenchGroup {
  /** Short label for progress lines. */
  title: string;
  metrics: MetricSpec[];
  run(ctx: BenchContext): Promise<Measured[]>;
}

/** Our emulator as registered in src/stack/emulators.ts, or the reason it can't be measured yet. */
export function emulatorSpec(name: ServiceName): EmulatorSpec | string {
  return (
    EMULATORS.find((e) => e.name === name) ??
    `the ${name} emulator is not registered in src/stack/emulators.ts yet, so it can't be started`
  );
}

/** A metric with no rounds of ours (and maybe a peer), carrying the reason. */
export function notMeasured(spec: MetricSpec, reason: string, peer?: Measured['peer']): Measured {
  return { ...spec, rounds: [], note: reason, ...(peer ? { peer } : {}) };
}

/** Runs `fn` once per round, reporting progress; stops early when the time budget is spent. */
export async function rounds(
  ctx: BenchContext,
  label: string,
  count: number,
  fn: (round: number) => Promise<number>,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const values: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    if (i > 0 && performance.now() - started > budgetMs) {
      ctx.progress.detail(`${label}: time budget spent after ${i} rounds`);
      break;
    }
    const value = await fn(i);
    values.push(value);
    ctx.progress.detail(`${label} round ${i + 1}/${count}: ${formatValue(value)}`);
  }
  return values;
}

export function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** The peer part of a metric when the peer binary is unavailable. */
export function peerUnavailable(name: PeerName, bin: PeerBinary): Measured['peer'] | undefined {
  return bin.ok ? undefined : { name, rounds: [], note: `not available: ${bin.reason}` };
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}
