// `bench/report.html`: a self-contained page (inline CSS and SVG, no external assets) with one bar
// chart row per metric — the ratio to the peer as its headline, ours and the peer with their min–max,
// the target as a marker — the scale charts, and the results table.

import { renderScaleCharts } from './report-scale.ts';
import { describeCeiling, type MetricResult, type ResultsFile } from './results.ts';
import { formatRatio, verdict, withRange } from './table.ts';

const ROW = 46;
const LABEL = 260;
const PLOT = 420;

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

function chartRow(r: MetricResult, index: number): string {
  const y = index * ROW;
  const target = targetValue(r);
  const peer = r.peer?.value ?? null;
  const top =
    Math.max(r.value ?? 0, peer ?? 0, target ?? 0, r.spread?.max ?? 0, r.peer?.spread?.max ?? 0) * 1.15 || 1;
  const x = (v: number) => LABEL + (Math.max(0, v) / top) * PLOT;
  const color = r.met === true ? '#2e7d32' : r.met === false ? '#c62828' : '#757575';
  const parts = [
    `<text x="0" y="${y + 16}" class="name">${esc(r.name)}</text>`,
    `<text x="0" y="${y + 32}" class="sub">${esc(`${r.unit} · target ${r.target} · ${verdict(r)}`)}</text>`,
  ];
  if (r.value === null) {
    parts.push(`<text x="${LABEL}" y="${y + 16}" class="sub">not measured</text>`);
  } else {
    parts.push(
      `<rect x="${LABEL}" y="${y + 4}" width="${x(r.value) - LABEL}" height="14" fill="${color}"/>`,
      `<text x="${x(r.value) + 4}" y="${y + 16}" class="val">${esc(fmt(r.value))}</text>`,
    );
    if (r.spread) {
      const [a, b] = [x(r.spread.min), x(r.spread.max)];
      parts.push(`<line x1="${a}" x2="${b}" y1="${y + 11}" y2="${y + 11}" stroke="#000" stroke-width="1"/>`);
    }
  }
  const ratio = formatRatio(r);
  if (ratio) {
    const good = (r.ratio ?? 0) >= 1;
    parts.push(
      `<text x="${LABEL + PLOT + 60}" y="${y + 22}" class="ratio" fill="${good ? '#2e7d32' : '#c62828'}">${esc(`${ratio}`)}</text>`,
    );
  }
  if (r.noisy) {
    parts.push(`<text x="${LABEL + PLOT + 60}" y="${y + 36}" class="sub">noisy</text>`);
  }
  if (r.peer) {
    const label = peer === null ? `${r.peer.name}: n/a` : `${r.peer.name} ${fmt(peer)}`;
    if (peer !== null) {
      parts.push(`<rect x="${LABEL}" y="${y + 21}" width="${x(peer) - LABEL}" height="10" fill="#90a4ae"/>`);
      const ps = r.peer.spread;
      if (ps) {
        parts.push(
          `<line x1="${x(ps.min)}" x2="${x(ps.max)}" y1="${y + 26}" y2="${y + 26}" stroke="#000" stroke-width="1"/>`,
        );
      }
    }
    parts.push(
      `<text x="${peer === null ? LABEL : x(peer) + 4}" y="${y + 31}" class="sub">${esc(label)}</text>`,
    );
  }
  if (target !== null) {
    const tx = x(target);
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${y}" y2="${y + 36}" stroke="#f9a825" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
  }
  return `<g>${parts.join('')}</g>`;
}

export function renderChart(results: readonly MetricResult[]): string {
  const width = LABEL + PLOT + 130;
  const height = results.length * ROW + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="benchmark results">`,
    '<style>.name{font:600 13px sans-serif}.sub{font:11px sans-serif;fill:#555}.val{font:12px sans-serif}.ratio{font:700 18px sans-serif;text-anchor:middle}</style>',
    ...results.map(chartRow),
    '</svg>',
  ].join('\n');
}

function tableHtml(results: readonly MetricResult[]): string {
  const head = [
    'metric',
    'vs peer',
    'ours [min–max]',
    'peer [min–max]',
    'unit',
    'target',
    'rounds',
    'verdict',
    'note',
  ];
  const rows = results.map((r) => {
    const peer = r.peer
      ? `${r.peer.name} ${r.peer.value === null ? 'n/a' : withRange(r.peer.value, r.peer.spread)}`
      : '';
    const note = [
      r.noisy ? `NOISY (${r.noisy})` : '',
      r.note,
      r.peer?.note ? `${r.peer.name}: ${r.peer.note}` : '',
      describeCeiling(r),
    ]
      .filter(Boolean)
      .join('; ');
    const rounds = [
      r.rounds.map(fmt).join(', '),
      r.peer?.rounds?.length ? `${r.peer.name}: ${r.peer.rounds.map(fmt).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const cells = [
      r.name,
      formatRatio(r),
      withRange(r.value, r.spread),
      peer,
      r.unit,
      r.target,
      rounds,
      verdict(r),
      note,
    ];
    return `<tr class="${r.met === false ? 'miss' : r.met ? 'met' : ''}">${cells.map((c, i) => `<td${i === 1 ? ' class="ratio"' : ''}>${esc(c)}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderReport(file: ResultsFile): string {
  const title = `gcp-devkit benchmarks${file.quick ? ' (quick)' : ''}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin-top:16px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
td.ratio{font-weight:700;font-size:16px}tr.miss td{background:#ffebee}.scale svg{margin:8px 16px 8px 0}tr.met td{background:#e8f5e9}.legend span{margin-right:16px}
</style></head><body>
<h1>${esc(title)}</h1>
<p>Node ${esc(file.node)} · ${file.cpus} CPUs · ${esc(file.date)}</p>
<p>Headline per metric: the ratio to the peer of the same run (ours/peer, peer/ours when lower is better; &gt; 1 means we win), from the medians of the rounds. "noisy": rounds spread over 20 % or fewer than 3 rounds.</p>
<p class="legend"><span style="color:#2e7d32">■ ours, target met</span><span style="color:#c62828">■ ours, target missed</span><span style="color:#90a4ae">■ peer</span><span style="color:#f9a825">┆ target</span><span>— spread of rounds</span></p>
${renderChart(file.results.filter((r) => !r.series))}
${renderScaleCharts(file.results)}
${tableHtml(file.results)}
</body></html>
`;
}
