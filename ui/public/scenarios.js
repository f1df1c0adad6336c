// Scenarios: the live timeline of the running scenario (a lane per worker: claims, completions,
// duplicates, crashes, faults, lease spans) and the runs before it.
import { fill, h } from './dom.js';

const COLORS = {
  claim: '#3b82f6',
  complete: '#16a34a',
  duplicate: '#f59e0b',
  crash: '#dc2626',
  fault: '#a855f7',
  outage: '#dc2626',
  release: '#64748b',
  start: '#94a3b8',
  exit: '#94a3b8',
  pause: '#f97316',
  resume: '#0ea5e9',
  recovered: '#0ea5e9',
  note: '#475569',
};
const NS = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs) => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

function laneOrder(a, b) {
  const wa = /^w(\d+)$/.exec(a);
  const wb = /^w(\d+)$/.exec(b);
  if (wa && wb) return Number(wa[1]) - Number(wb[1]);
  return wa ? -1 : wb ? 1 : a.localeCompare(b);
}

/** An SVG timeline: one row per lane, lease spans (claim → complete/release/crash) as bars. */
function drawTimeline(run) {
  const lanes = [...new Set(run.events.map((e) => e.lane))].sort(laneOrder);
  const end = Math.max(1000, ...run.events.map((e) => e.t));
  const width = 1000;
  const row = 26;
  const left = 90;
  const x = (t) => left + ((width - left - 10) * t) / end;
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${lanes.length * row + 24}`,
    width: '100%',
    'data-testid': 'timeline',
  });
  lanes.forEach((lane, i) => {
    const y = i * row + 4;
    const label = svg('text', { x: 4, y: y + 16, class: 'lane' });
    label.textContent = lane;
    root.append(label, svg('line', { x1: left, x2: width - 10, y1: y + 12, y2: y + 12, stroke: '#e2e8f0' }));
    const open = new Map();
    for (const e of run.events.filter((ev) => ev.lane === lane)) {
      if (e.type === 'claim' && e.unit) open.set(e.unit, e.t);
      if (['complete', 'release'].includes(e.type) && open.has(e.unit)) {
        const start = open.get(e.unit);
        open.delete(e.unit);
        root.append(
          svg('rect', {
            x: x(start),
            y: y + 8,
            width: Math.max(1, x(e.t) - x(start)),
            height: 8,
            fill: '#bfdbfe',
            class: 'lease',
          }),
        );
      }
      if (e.type === 'crash')
        for (const [unit, start] of open) {
          open.delete(unit);
          root.append(
            svg('rect', {
              x: x(start),
              y: y + 8,
              width: Math.max(1, x(e.t) - x(start)),
              height: 8,
              fill: '#fecaca',
              class: 'lease lost',
            }),
          );
        }
      const mark = svg('rect', {
        x: x(e.t) - 1.5,
        y: y + (e.type === 'crash' ? 2 : 6),
        width: e.type === 'crash' ? 5 : 3,
        height: e.type === 'crash' ? 20 : 12,
        fill: COLORS[e.type] ?? '#000',
        'data-type': e.type,
      });
      const title = svg('title', {});
      title.textContent = `${(e.t / 1000).toFixed(2)} s ${e.type}${e.unit ? ` ${e.unit}` : ''}${e.detail ? ` — ${e.detail}` : ''}`;
      mark.append(title);
      root.append(mark);
    }
  });
  return root;
}

/** Units a crashed worker had claimed that another worker completed afterwards. */
function redeliveredUnits(events) {
  const crashed = new Set();
  const claimedBy = new Map();
  const out = new Set();
  for (const e of events) {
    if (e.type === 'crash') crashed.add(e.lane);
    if (!e.unit) continue;
    if (e.type === 'claim') claimedBy.set(e.unit, (claimedBy.get(e.unit) ?? new Set()).add(e.lane));
    if (
      e.type === 'complete' &&
      [...(claimedBy.get(e.unit) ?? [])].some((l) => l !== e.lane && crashed.has(l))
    ) {
      out.add(e.unit);
    }
  }
  return out;
}

export function scenariosView() {
  const current = h('div', { testid: 'scenario-current' });
  const past = h('div', { testid: 'scenario-past' });
  const el = h('section', { class: 'view' }, h('h2', {}, 'Scenario'), current, h('h2', {}, 'Runs'), past);
  let selected;
  return {
    el,
    update({ scenarios }) {
      const run = scenarios.find((r) => r.id === selected) ?? scenarios.at(-1);
      if (!run)
        return fill(
          current,
          h(
            'p',
            {},
            'No scenario has run against this dashboard. Run one with ',
            h('code', {}, 'npm run scenario -- worker-crash --ui'),
            '.',
          ),
        );
      const count = (type) => run.events.filter((e) => e.type === type).length;
      const redelivered = redeliveredUnits(run.events);
      fill(
        current,
        h('p', { testid: 'scenario-status' }, `${run.name} — ${run.status}`),
        h(
          'p',
          { testid: 'scenario-counts' },
          `claims ${count('claim')} · completes ${count('complete')} · duplicates ${count('duplicate')} · crashes ${count('crash')} · faults ${count('fault')} · redelivered ${redelivered.size}`,
        ),
        redelivered.size
          ? h(
              'p',
              { testid: 'scenario-redelivered' },
              `redelivered after a crash: ${[...redelivered].slice(0, 8).join(', ')}${redelivered.size > 8 ? ' …' : ''}`,
            )
          : null,
        drawTimeline(run),
        h(
          'p',
          { class: 'legend' },
          Object.entries(COLORS)
            .slice(0, 6)
            .map(([k, c]) => h('span', { style: `color:${c}` }, `■ ${k} `)),
        ),
      );
      fill(
        past,
        h(
          'ul',
          {},
          scenarios.map((r) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: '#scenarios',
                  onclick: (e) => {
                    e.preventDefault();
                    selected = r.id;
                    this.update({ scenarios });
                  },
                },
                `${r.name} (${r.status}, ${r.startedAt})`,
              ),
            ),
          ),
        ),
      );
    },
  };
}
