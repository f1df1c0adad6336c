// The plain-text table `npm run bench` prints: one row per metric, headed by the ratio to the peer,
// then the medians with their min–max, the target, the verdict and a flag for noisy rounds.
import { describeCeiling, type MetricResult } from './results.ts';

export function verdict(r: MetricResult): string {
  if (r.value === null) return 'NOT MEASURED';
  if (r.met === null) return 'n/a';
  return r.met ? 'met' : 'MISSED';
}

export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
}

/** The ratio to the peer (> 1 = we win), as summarize() computed it; null without a peer value. */
export function peerRatio(r: MetricResult): number | null {
  return r.ratio ?? null;
}

/** "1.23x", or "" when there is no ratio. */
export function formatRatio(r: MetricResult): string {
  const ratio = peerRatio(r);
  return ratio === null ? '' : `${ratio.toFixed(2)}x`;
}

/** "median [min–max]" of some rounds, or just the median for a single round. */
export function withRange(value: number | null, s?: { min: number; max: number }): string {
  if (value === null) return '-';
  return s && s.min !== s.max ? `${num(value)} [${num(s.min)}–${num(s.max)}]` : num(value);
}

export function formatTable(results: readonly MetricResult[]): string {
  const header = ['metric', 'vs peer', 'ours', 'peer', 'unit', 'target', 'verdict', 'flag'];
  const rows = results.map((r) => {
    const peer = r.peer
      ? `${r.peer.name} ${r.peer.value === null ? 'n/a' : withRange(r.peer.value, r.peer.spread)}`
      : '';
    return [
      r.name,
      formatRatio(r),
      withRange(r.value, r.spread),
      peer,
      r.unit,
      r.target,
      verdict(r),
      r.noisy ? 'NOISY' : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const notes = results.flatMap((r) => {
    const lines: string[] = [];
    if (r.noisy) lines.push(`  ${r.name}: NOISY (${r.noisy})`);
    if (r.note) lines.push(`  ${r.name}: ${r.note}`);
    if (r.peer?.note) lines.push(`  ${r.name} (${r.peer.name}): ${r.peer.note}`);
    const ceiling = describeCeiling(r);
    if (ceiling) lines.push(`  ${r.name}: ${ceiling}`);
    return lines;
  });
  if (notes.length > 0)
    out.push('', 'ratio = ours/peer (peer/ours when lower is better): > 1 means we win', 'notes:', ...notes);
  return `${out.join('\n')}\n`;
}
