// The plain-text summary a person reads at the end of a run: one table of invariants per scenario.
import type { ScenarioResult } from './types.ts';

const color = (code: number, text: string, enabled: boolean) =>
  enabled ? `\x1b[${code}m${text}\x1b[0m` : text;

export function formatSummary(results: ScenarioResult[], colors: boolean): string {
  const rows: string[][] = [['scenario', 'invariant', 'result', 'detail']];
  for (const r of results) {
    if (r.skipped) rows.push([r.name, '(run)', 'skip', r.skipped]);
    if (r.error) rows.push([r.name, '(run)', 'FAIL', r.error]);
    for (const inv of r.invariants) rows.push([r.name, inv.name, inv.passed ? 'ok' : 'FAIL', inv.detail]);
  }
  const widths = rows[0]!.map((_, col) => Math.min(48, Math.max(...rows.map((row) => row[col]!.length))));
  const line = (row: string[]) =>
    row
      .map((cell, col) => {
        const text = col < 3 ? cell.slice(0, widths[col]).padEnd(widths[col]!) : cell;
        if (col !== 2) return text;
        return color(cell === 'ok' ? 32 : cell === 'FAIL' ? 31 : 33, text, colors);
      })
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const passed = results.filter((r) => r.passed).length;
  const skipped = results.filter((r) => r.skipped).length;
  const failed = results.length - passed - skipped;
  const total = `${passed}/${results.length} scenarios passed${skipped ? `, ${skipped} skipped` : ''}`;
  return [
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    '',
    color(failed === 0 ? 32 : 31, total, colors),
  ].join('\n');
}
