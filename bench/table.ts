// The plain-text table `npm run bench` prints: one row per metric, with peer, ratio, spread and verdict.
import type { MetricResult } from './results.ts';

export function verdict(r: MetricResult): string {
  if (r.value === null) return 'NOT MEASURED';
  if (r.met === null) return 'n/a';
  return r.met ? 'met' : 'MISSED';
}

function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
}

/** "ours / peer" for higher-is-better metrics, "peer / ours" for lower-is-better ones, so >1 = we win. */
export function peerRatio(r: MetricResult): number | null {
  const peer = r.peer?.value;
  if (r.value === null || peer === null || peer === undefined || r.value <= 0 || peer <= 0) return null;
  return r.target.startsWith('<') ? peer / r.value : r.value / peer;
}

export function formatTable(results: readonly MetricResult[]): string {
  const header = ['metric', 'value', 'unit', 'target', 'peer', 'vs peer', 'spread', 'verdict'];
  const rows = results.map((r) => {
    const ratio = peerRatio(r);
    const peer = r.peer ? `${r.peer.name} ${r.peer.value === null ? 'n/a' : num(r.peer.value)}` : '';
    return [
      r.name,
      num(r.value),
      r.unit,
      r.target,
      peer,
      ratio === null ? '' : `${ratio.toFixed(2)}x`,
      r.spread ? `±${Math.round((r.spread.relative * 100) / 2)}%` : '',
      verdict(r),
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
    if (r.note) lines.push(`  ${r.name}: ${r.note}`);
    if (r.peer?.note) lines.push(`  ${r.name} (${r.peer.name}): ${r.peer.note}`);
    return lines;
  });
  if (notes.length > 0) out.push('', 'notes:', ...notes);
  return `${out.join('\n')}\n`;
}
