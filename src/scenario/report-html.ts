// A self-contained HTML report: per scenario an invariant table, metrics, and an SVG timeline with
// one lane per worker (claims, completions, crashes, faults) that opens in any browser.
import type { Timeline, TimelineEvent, TimelineEventType } from './timeline.ts';
import type { ScenarioResult } from './types.ts';

const COLORS: Partial<Record<TimelineEventType, string>> = {
  claim: '#4e79a7',
  complete: '#59a14f',
  duplicate: '#edc948',
  release: '#b07aa1',
  crash: '#e15759',
  fault: '#f28e2b',
  outage: '#e15759',
  recovered: '#59a14f',
  pause: '#9c755f',
  resume: '#9c755f',
  start: '#bab0ac',
  exit: '#79706e',
};

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function renderTimelineSvg(timeline: Pick<Timeline, 'events' | 'lanes'>): string {
  const lanes = timeline.lanes();
  const end = Math.max(1000, ...timeline.events.map((e) => e.t));
  const left = 90;
  const width = 960;
  const laneH = 26;
  const height = lanes.length * laneH + 40;
  const x = (t: number) => left + ((width - left - 10) * t) / end;
  const parts: string[] = [];
  lanes.forEach((lane, i) => {
    const y = 10 + i * laneH;
    parts.push(`<text x="4" y="${y + 16}" font-size="12">${esc(lane)}</text>`);
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y + 12}" y2="${y + 12}" stroke="#ddd"/>`);
  });
  for (const e of timeline.events) parts.push(mark(e, x(e.t), 10 + lanes.indexOf(e.lane) * laneH));
  const axisY = height - 22;
  for (let k = 0; k <= 10; k++) {
    const t = (end * k) / 10;
    parts.push(
      `<text x="${x(t) - 10}" y="${axisY + 14}" font-size="10" fill="#555">${(t / 1000).toFixed(1)}s</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">${parts.join('')}</svg>`;
}

function mark(e: TimelineEvent, x: number, y: number): string {
  const fill = COLORS[e.type] ?? '#888';
  const title = `<title>${esc(`${(e.t / 1000).toFixed(3)}s ${e.lane} ${e.type}${e.unit ? ` ${e.unit}` : ''}${e.detail ? ` — ${e.detail}` : ''}`)}</title>`;
  if (e.type === 'crash' || e.type === 'outage' || e.type === 'fault') {
    return `<path d="M${x - 5} ${y + 5} L${x + 5} ${y + 19} M${x + 5} ${y + 5} L${x - 5} ${y + 19}" stroke="${fill}" stroke-width="3">${title}</path>`;
  }
  const h = e.type === 'claim' || e.type === 'complete' ? 12 : 18;
  return `<rect x="${x - 1}" y="${y + 12 - h / 2}" width="2.5" height="${h}" fill="${fill}" opacity="0.8">${title}</rect>`;
}

export function renderReport(
  entries: Array<{ result: ScenarioResult; timeline: Timeline }>,
  seed: number,
): string {
  const legend = Object.entries(COLORS)
    .map(([type, c]) => `<span style="color:${c}">■</span> ${type}`)
    .join(' &nbsp; ');
  const sections = entries.map(({ result, timeline }) => {
    const rows = result.invariants
      .map(
        (i) =>
          `<tr><td>${esc(i.name)}</td><td class="${i.passed ? 'ok' : 'fail'}">${i.passed ? 'ok' : 'FAIL'}</td><td>${esc(i.detail)}</td></tr>`,
      )
      .join('');
    const metrics = Object.entries(result.metrics)
      .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${v}</td></tr>`)
      .join('');
    const verdict = result.skipped ? 'skipped' : result.passed ? 'passed' : 'FAILED';
    return `<section><h2>${esc(result.name)} <span class="${result.passed || result.skipped ? 'ok' : 'fail'}">${verdict}</span></h2>
<p>${esc(result.description)} — ${(result.durationMs / 1000).toFixed(1)} s</p>${result.error ? `<p class="fail">${esc(result.error)}</p>` : ''}${result.skipped ? `<p>${esc(result.skipped)}</p>` : ''}
<table><tr><th>invariant</th><th>result</th><th>detail</th></tr>${rows}</table>
<h3>timeline</h3>${renderTimelineSvg(timeline)}
<h3>metrics</h3><table>${metrics}</table></section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>gcp-devkit scenario report</title>
<style>body{font-family:sans-serif;margin:24px;max-width:1000px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}.ok{color:#2a7d2a}.fail{color:#c0392b;font-weight:bold}section{margin-bottom:36px}</style>
</head><body><h1>gcp-devkit scenarios</h1><p>seed ${seed} · ${new Date().toISOString()}</p><p>${legend}</p>${sections.join('\n')}</body></html>`;
}
