// The scale charts of `bench/report.html`: one inline-SVG line chart per `series.chart` (e.g. e2e
// msg/s by StreamingPull streams), the median at each point with its min–max whisker and the target.
import type { MetricResult } from './results.ts';

const W = 420;
const H = 200;
const PAD = { left: 56, right: 16, top: 28, bottom: 34 };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(value: number): string {
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
}

function targetValue(r: MetricResult): number | null {
  const match = /^(?:<|>=) (\d+(?:\.\d+)?)/.exec(r.target);
  return match ? Number(match[1]) : null;
}

function chart(title: string, points: MetricResult[]): string {
  const sorted = [...points].sort((a, b) => a.series!.x - b.series!.x);
  const measured = sorted.filter((p) => p.value !== null);
  const target = targetValue(sorted[0]!);
  const top = Math.max(target ?? 0, ...measured.map((p) => p.spread?.max ?? p.value!)) * 1.15 || 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (sorted.length === 1 ? plotW / 2 : (i / (sorted.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / top) * plotH;
  const parts = [
    `<text x="${PAD.left}" y="16" class="name">${esc(title)}</text>`,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#999"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#999"/>`,
    `<text x="4" y="${y(top / 1.15) + 4}" class="sub">${esc(fmt(Math.round(top / 1.15)))}</text>`,
    `<text x="4" y="${PAD.top + plotH}" class="sub">0</text>`,
    `<text x="${W - PAD.right}" y="${H - 4}" class="sub" text-anchor="end">${esc(`${sorted[0]!.series!.axis} · ${sorted[0]!.unit}`)}</text>`,
  ];
  if (target !== null) {
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(target)}" y2="${y(target)}" stroke="#f9a825" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
  }
  const line = sorted
    .map((p, i) => (p.value === null ? null : `${x(i)},${y(p.value)}`))
    .filter(Boolean)
    .join(' ');
  if (line) parts.push(`<polyline points="${line}" fill="none" stroke="#1565c0" stroke-width="2"/>`);
  sorted.forEach((p, i) => {
    parts.push(
      `<text x="${x(i)}" y="${PAD.top + plotH + 14}" class="sub" text-anchor="middle">${p.series!.x}</text>`,
    );
    if (p.value === null) {
      parts.push(`<text x="${x(i)}" y="${PAD.top + plotH - 4}" class="sub" text-anchor="middle">n/a</text>`);
      return;
    }
    if (p.spread) {
      parts.push(
        `<line x1="${x(i)}" x2="${x(i)}" y1="${y(p.spread.min)}" y2="${y(p.spread.max)}" stroke="#000"/>`,
      );
    }
    parts.push(
      `<circle cx="${x(i)}" cy="${y(p.value)}" r="3.5" fill="${p.met === false ? '#c62828' : '#2e7d32'}"/>`,
      `<text x="${x(i) + 6}" y="${y(p.value) - 6}" class="val">${esc(fmt(p.value))}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

/** One line chart per scale series among `results` (those with `series`), or "" when there is none. */
export function renderScaleCharts(results: readonly MetricResult[]): string {
  const charts = new Map<string, MetricResult[]>();
  for (const r of results) {
    if (!r.series) continue;
    charts.set(r.series.chart, [...(charts.get(r.series.chart) ?? []), r]);
  }
  if (charts.size === 0) return '';
  const style =
    '<style>.name{font:600 13px sans-serif}.sub{font:11px sans-serif;fill:#555}.val{font:11px sans-serif}</style>';
  return `<h2>How cost grows with the work</h2>\n<div class="scale">${style}${[...charts].map(([t, p]) => chart(t, p)).join('\n')}</div>`;
}
