// The results contract: `bench/results.json` = { node, cpus, date, results: [{ name, value, unit,
// target, ratio?, peer?: { name, value } }] }, plus detail fields (rounds, spread, noisy, met, note).
import { availableParallelism } from 'node:os';
import { median, roundValue, spread } from './stats.ts';

/** A target as the benchmarks issue states it: a bound on the value and, optionally, on the peer ratio. */
export interface Target {
  op: '<' | '>=';
  value: number;
  /** Ours must be this many times better than the peer (higher for `>=`, lower for `<`). */
  peerRatio?: number;
}

/** Rounds whose (max − min) / median exceeds this are flagged `noisy`. */
export const NOISY_SPREAD = 0.2;
/** Fewer rounds than this are flagged too: one round says nothing about its spread. */
export const MIN_ROUNDS = 3;

export interface SpreadResult {
  min: number;
  max: number;
  relative: number;
}

export interface PeerResult {
  name: string;
  /** Null when the peer could not be built or run; `note` says why. */
  value: number | null;
  rounds?: number[];
  spread?: SpreadResult;
  note?: string;
}

/** A metric that is one point of a scale chart: `chart` names the chart, `x` the point on its axis. */
export interface SeriesPoint {
  chart: string;
  axis: string;
  x: number;
}

export interface MetricResult {
  name: string;
  /** Median of the rounds; null when not measured (`note` says why). */
  value: number | null;
  unit: string;
  /** Human-readable target, e.g. "< 100" or ">= 20000 and >= 2x peer". */
  target: string;
  /**
   * The headline for a metric with a peer: median(ours) / median(peer) for higher-is-better,
   * median(peer) / median(ours) for lower-is-better, so > 1 always means we win; null if unknown.
   */
  ratio?: number | null;
  peer?: PeerResult;
  /** Whether the target (including the peer ratio) is met; null when it can't be judged. */
  met: boolean | null;
  rounds: number[];
  spread?: SpreadResult;
  /** Why the rounds (ours or the peer's) can't be trusted: spread over 20 %, or fewer than 3 rounds. */
  noisy?: string;
  /**
   * What the same client reaches against a server that does nothing: no server can do much better.
   * `reachable` says whether the peer-ratio goal fits under it at all (ratio × peer ≤ ceiling).
   */
  ceiling?: CeilingResult;
  series?: SeriesPoint;
  note?: string;
}

export interface CeilingResult {
  name: string;
  value: number | null;
  spread?: SpreadResult;
  /** median(ours) / ceiling and median(peer) / ceiling. */
  oursShare: number | null;
  peerShare: number | null;
  reachable: boolean | null;
}

export interface ResultsFile {
  node: string;
  cpus: number;
  date: string;
  quick: boolean;
  results: MetricResult[];
}

export function formatTarget(target: Target): string {
  const base = `${target.op} ${target.value}`;
  return target.peerRatio ? `${base} and ${target.op} ${target.peerRatio}x peer` : base;
}

/** Judges a value against its target; null when there is no value or the peer ratio can't be checked. */
export function isMet(target: Target, value: number | null, peer?: number | null): boolean | null {
  if (value === null || !Number.isFinite(value)) return null;
  const bound = target.op === '<' ? value < target.value : value >= target.value;
  if (!target.peerRatio) return bound;
  if (!bound) return false;
  if (peer === null || peer === undefined || !Number.isFinite(peer) || peer <= 0) return null;
  return target.op === '<' ? value * target.peerRatio <= peer : value >= target.peerRatio * peer;
}

export interface Measured {
  name: string;
  unit: string;
  target: Target;
  /** One value per round; empty when not measured. */
  rounds: number[];
  peer?: { name: string; rounds: number[]; note?: string };
  /** Rounds against a server that does nothing (`bench/profile/storage-ceiling.ts`), same client. */
  ceiling?: { name: string; rounds: number[] };
  series?: SeriesPoint;
  note?: string;
}

/** "ours / peer" for higher-is-better metrics, "peer / ours" for lower-is-better ones, so > 1 = we win. */
export function ratioOf(
  op: Target['op'],
  value: number | null,
  peer: number | null | undefined,
): number | null {
  if (value === null || peer === null || peer === undefined || value <= 0 || peer <= 0) return null;
  return op === '<' ? peer / value : value / peer;
}

function spreadOf(values: readonly number[]): SpreadResult {
  const s = spread(values);
  return { min: roundValue(s.min), max: roundValue(s.max), relative: roundValue(s.relative) };
}

function noisiness(who: string, values: readonly number[]): string | undefined {
  if (values.length === 0) return undefined;
  if (values.length < MIN_ROUNDS) return `${who}: ${values.length} round${values.length === 1 ? '' : 's'}`;
  const relative = spread(values).relative;
  return relative > NOISY_SPREAD ? `${who}: rounds spread ${Math.round(relative * 100)}%` : undefined;
}

/** Turns the raw rounds of one metric into its contract entry (median, spread, ratio, met). */
export function summarize(m: Measured): MetricResult {
  const value = m.rounds.length > 0 ? roundValue(median(m.rounds)) : null;
  const peerValue = m.peer && m.peer.rounds.length > 0 ? roundValue(median(m.peer.rounds)) : null;
  const result: MetricResult = {
    name: m.name,
    value,
    unit: m.unit,
    target: formatTarget(m.target),
    met: isMet(m.target, value, m.peer ? peerValue : undefined),
    rounds: m.rounds.map(roundValue),
  };
  if (m.rounds.length > 0) result.spread = spreadOf(m.rounds);
  if (m.peer) {
    const ratio = ratioOf(m.target.op, value, peerValue);
    result.ratio = ratio === null ? null : roundValue(ratio);
    result.peer = { name: m.peer.name, value: peerValue, rounds: m.peer.rounds.map(roundValue) };
    if (m.peer.rounds.length > 0) result.peer.spread = spreadOf(m.peer.rounds);
    if (m.peer.note) result.peer.note = m.peer.note;
  }
  if (m.ceiling) result.ceiling = ceilingOf(m, value, peerValue);
  const noisy = [noisiness('ours', m.rounds), m.peer ? noisiness(m.peer.name, m.peer.rounds) : undefined]
    .filter(Boolean)
    .join('; ');
  if (noisy) result.noisy = noisy;
  if (m.series) result.series = m.series;
  if (m.note) result.note = m.note;
  return result;
}

/** Higher-is-better metrics only: a ceiling is a rate no server can beat by much. */
function ceilingOf(m: Measured, value: number | null, peerValue: number | null): CeilingResult {
  const rounds = m.ceiling!.rounds;
  const ceiling = rounds.length > 0 ? roundValue(median(rounds)) : null;
  const share = (v: number | null) => (v === null || ceiling === null ? null : roundValue(v / ceiling));
  const goal = m.target.peerRatio;
  return {
    name: m.ceiling!.name,
    value: ceiling,
    ...(rounds.length > 0 ? { spread: spreadOf(rounds) } : {}),
    oursShare: share(value),
    peerShare: share(peerValue),
    reachable: goal && ceiling !== null && peerValue !== null ? goal * peerValue <= ceiling : null,
  };
}

/** One line for the table's notes and the report: where ours and the peer sit under the ceiling. */
export function describeCeiling(r: MetricResult): string | undefined {
  const c = r.ceiling;
  if (!c || c.value === null) return undefined;
  const pct = (x: number | null) => (x === null ? '?' : `${Math.round(x * 100)} %`);
  const parts = [
    `client ceiling ${Math.round(c.value).toLocaleString('en-US')} ${r.unit} (${c.name})`,
    `ours at ${pct(c.oursShare)}`,
  ];
  if (r.peer?.value != null) parts.push(`${r.peer.name} at ${pct(c.peerShare)}`);
  if (c.reachable === false) parts.push('the peer-ratio goal lies above the ceiling');
  return parts.join(', ');
}

export function buildResultsFile(results: MetricResult[], quick: boolean, now = new Date()): ResultsFile {
  return {
    node: process.version,
    cpus: availableParallelism(),
    date: now.toISOString(),
    quick,
    results,
  };
}
