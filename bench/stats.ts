// Small statistics over benchmark rounds: median, spread and percentiles. Pure, unit-tested.

/** Median of the values (mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Nearest-rank percentile (p in 0..100) of values that are already sorted ascending.
 * Latencies come in large arrays, so callers sort once and ask for several percentiles.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Spread {
  min: number;
  max: number;
  /** (max − min) / median, as a fraction; 0 for a single round. */
  relative: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: Number.NaN, max: Number.NaN, relative: Number.NaN };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const mid = median(values);
  return { min, max, relative: mid === 0 ? 0 : (max - min) / Math.abs(mid) };
}

/** Rounds a measurement to a sensible number of significant digits for JSON and tables. */
export function roundValue(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value);
  if (abs >= 10) return Math.round(value * 10) / 10;
  return Math.round(value * 1000) / 1000;
}
