// Unit tests of the bench's pure parts: statistics, target judgement, the results.json shape, the
// table and the self-contained HTML report.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../bench/report.ts';
import {
  buildResultsFile,
  describeCeiling,
  formatTarget,
  isMet,
  type Measured,
  summarize,
} from '../../bench/results.ts';
import { median, percentileSorted, spread } from '../../bench/stats.ts';
import { formatTable } from '../../bench/table.ts';

describe('stats', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('computes nearest-rank percentiles over sorted values', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileSorted(sorted, 99)).toBe(99);
    expect(percentileSorted(sorted, 100)).toBe(100);
    expect(percentileSorted(sorted, 0)).toBe(1);
  });

  it('reports the spread relative to the median', () => {
    expect(spread([90, 100, 110])).toEqual({ min: 90, max: 110, relative: 0.2 });
    expect(spread([7]).relative).toBe(0);
  });
});

describe('targets', () => {
  it('formats and judges bounds and peer ratios', () => {
    const e2e = { op: '>=', value: 20_000, peerRatio: 2 } as const;
    expect(formatTarget(e2e)).toBe('>= 20000 and >= 2x peer');
    expect(isMet(e2e, 25_000, 10_000)).toBe(true);
    expect(isMet(e2e, 25_000, 15_000)).toBe(false);
    expect(isMet(e2e, 19_000, 1)).toBe(false);
    expect(isMet(e2e, 25_000, null)).toBeNull();
    expect(isMet({ op: '<', value: 100 }, 99)).toBe(true);
    expect(isMet({ op: '<', value: 100 }, 100)).toBe(false);
    expect(isMet({ op: '<', value: 100 }, null)).toBeNull();
  });
});

describe('ratio and noise', () => {
  it('puts the ratio so that > 1 means we win, and flags few or spread rounds', () => {
    const latency = summarize({
      name: 'pubsub.latency.p99_ms',
      unit: 'ms',
      target: { op: '<', value: 10 },
      rounds: [10, 10.5, 11],
      peer: { name: 'pstest', rounds: [30, 31, 32] },
    });
    expect(latency.ratio).toBe(2.952);
    expect(latency).not.toHaveProperty('noisy');
    const one = summarize({ name: 'x', unit: 'u', target: { op: '>=', value: 1 }, rounds: [5] });
    expect(one.noisy).toBe('ours: 1 round');
    expect(one).not.toHaveProperty('ratio');
    const noPeerValue = summarize({
      name: 'y',
      unit: 'u',
      target: { op: '>=', value: 1 },
      rounds: [5, 5, 5],
      peer: { name: 'p', rounds: [], note: 'not built' },
    });
    expect(noPeerValue.ratio).toBeNull();
  });
});

describe('client ceiling', () => {
  it('places ours and the peer under the ceiling and says when the peer-ratio goal lies above it', () => {
    const pairs = summarize({
      name: 'storage.small.ops_per_s',
      unit: 'pairs/s',
      target: { op: '>=', value: 3000, peerRatio: 2 },
      rounds: [850, 857, 860],
      peer: { name: 'fake-gcs-server', rounds: [670, 675, 680] },
      ceiling: { name: 'do-nothing server', rounds: [920, 929, 1000] },
    });
    expect(pairs.ceiling).toEqual({
      name: 'do-nothing server',
      value: 929,
      spread: { min: 920, max: 1000, relative: 0.086 },
      oursShare: 0.922,
      peerShare: 0.727,
      reachable: false,
    });
    expect(describeCeiling(pairs)).toBe(
      'client ceiling 929 pairs/s (do-nothing server), ours at 92 %, fake-gcs-server at 73 %, the peer-ratio goal lies above the ceiling',
    );
    expect(formatTable([pairs])).toContain('storage.small.ops_per_s: client ceiling 929 pairs/s');
    const download = summarize({
      name: 'storage.large.download_mb_per_s',
      unit: 'MiB/s',
      target: { op: '>=', value: 400 },
      rounds: [600],
      peer: { name: 'fake-gcs-server', rounds: [535] },
      ceiling: { name: 'do-nothing server', rounds: [654] },
    });
    // No peer-ratio goal: nothing to judge.
    expect(download.ceiling!.reachable).toBeNull();
    expect(describeCeiling(download)).not.toContain('goal');
    expect(
      describeCeiling(summarize({ name: 'z', unit: 'u', target: { op: '>=', value: 1 }, rounds: [1] })),
    ).toBeUndefined();
  });
});

describe('results.json', () => {
  const measured: Measured[] = [
    {
      name: 'pubsub.e2e.msgs_per_s',
      unit: 'msg/s',
      target: { op: '>=', value: 20_000, peerRatio: 2 },
      rounds: [21_000.4, 30_000, 25_000],
      peer: { name: 'pstest', rounds: [5000, 6000, 7000] },
    },
    {
      name: 'workflow.units_per_s',
      unit: 'units/s',
      target: { op: '>=', value: 500 },
      rounds: [],
      note: 'not available yet',
    },
  ];
  const file = buildResultsFile(measured.map(summarize), true, new Date('2026-01-02T03:04:05Z'));

  it('has the contract shape { node, cpus, date, results: [{ name, value, unit, target, peer? }] }', () => {
    expect(file.node).toBe(process.version);
    expect(file.cpus).toBeGreaterThan(0);
    expect(file.date).toBe('2026-01-02T03:04:05.000Z');
    const [e2e, workflow] = file.results;
    expect(e2e).toMatchObject({
      name: 'pubsub.e2e.msgs_per_s',
      value: 25_000,
      unit: 'msg/s',
      target: '>= 20000 and >= 2x peer',
      peer: { name: 'pstest', value: 6000 },
      met: true,
      rounds: [21_000, 30_000, 25_000],
      ratio: 4.167,
    });
    expect(e2e!.peer!.spread).toEqual({ min: 5000, max: 7000, relative: 0.333 });
    // Ours spread 36 %, the peer's 33 %: both over 20 %.
    expect(e2e!.noisy).toBe('ours: rounds spread 36%; pstest: rounds spread 33%');
    expect(e2e!.spread!.min).toBe(21_000);
    expect(workflow).toMatchObject({ value: null, met: null, note: 'not available yet', rounds: [] });
    expect(workflow).not.toHaveProperty('peer');
    // Round-trips through JSON unchanged (no NaN, no undefined).
    expect(JSON.parse(JSON.stringify(file))).toEqual(file);
  });

  it('prints a table with verdicts and notes', () => {
    const table = formatTable(file.results);
    expect(table).toMatch(
      /pubsub\.e2e\.msgs_per_s\s+4\.17x\s+25,000 \[21,000–30,000\]\s+pstest 6,000 \[5,000–7,000\]/,
    );
    expect(table).toContain('NOISY');
    expect(table).toContain('NOT MEASURED');
    expect(table).toContain('workflow.units_per_s: not available yet');
  });

  it('charts scale series as inline SVG lines, one chart per series', () => {
    const point = (x: number, v: number) =>
      summarize({
        name: `workflow.scale.workers_${x}.units_per_s`,
        unit: 'units/s',
        target: { op: '>=', value: 500 },
        rounds: [v, v * 1.1, v * 0.9],
        series: { chart: 'Workflow units/s by worker processes', axis: 'workers', x },
      });
    const scaled = buildResultsFile([point(4, 300), point(1, 100), ...file.results], true);
    const html = renderReport(scaled);
    expect(html).toContain('Workflow units/s by worker processes');
    expect(html.match(/<polyline /g)).toHaveLength(1);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(scaled.results[0]!.series).toEqual({
      chart: 'Workflow units/s by worker processes',
      axis: 'workers',
      x: 4,
    });
  });

  it('renders a self-contained HTML report with an inline SVG chart', () => {
    const html = renderReport(file);
    expect(html).toContain('<svg');
    expect(html).toContain('pubsub.e2e.msgs_per_s');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });
});
