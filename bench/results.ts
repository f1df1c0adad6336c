// The results contract: `bench/results.json` = { node, cpus, date, results: [{ name, value, unit,
// target, peer?: { name, value } }] }, plus optional detail fields (rounds, spread, met, note).
import { availableParallelism } from 'node:os';
import { median, roundValue, spread } from './stats.ts';

/** A target as the benchmarks issue states it: a bound on the value and, optionally, on the peer ratio. */
export interface Target {
  op: '<' | '>=';
  value: number;
  /** Ours must be this many times better than the peer (higher for `>=`, lower for `<`). */
  peerRatio?: number;
}

export interface PeerResult {
  name: string;
  /** Null when the peer could not be built or run; `note` says why. */
  value: number | null;
  note?: string;
}

export interface MetricResult {
  name: string;
  /** Median of the rounds; null when not measured (`note` says why). */
  value: number | null;
  unit: string;
  /** Human-readable target, e.g. "< 100" or ">= 20000 and >= 2x peer". */
  target: string;
  peer?: PeerResult;
  /** Whether the target (including the peer ratio) is met; null when it can't be judged. */
  met: boolean | null;
  rounds: number[];
  spread?: { min: number; max: number; relative: number };
  note?: string;
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
  note?: string;
}

/** Turns the raw rounds of one metric into its contract entry (median, spread, met). */
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
  if (m.rounds.length > 0) {
    const s = spread(m.rounds);
    result.spread = { min: roundValue(s.min), max: roundValue(s.max), relative: roundValue(s.relative) };
  }
  if (m.peer) {
    result.peer = { name: m.peer.name, value: peerValue };
    if (m.peer.note) result.peer.note = m.peer.note;
  }
  if (m.note) result.note = m.note;
  return result;
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
