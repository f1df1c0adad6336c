// The scenario runner's reporting: progress counts from a timeline, the summary table, the HTML report.
import { describe, expect, it } from 'vitest';
import {
  formatSummary,
  progressCounts,
  renderReport,
  type ScenarioResult,
  Timeline,
} from '../../src/scenario/index.ts';

function sampleTimeline(): Timeline {
  const t = new Timeline();
  t.record('w1', 'start');
  t.record('w1', 'claim', { unit: 'work/a#1' });
  t.record('w2', 'claim', { unit: 'work/b#1' });
  t.record('w2', 'crash', { detail: 'SIGKILL' });
  t.record('w1', 'complete', { unit: 'work/a#1' });
  t.record('w1', 'duplicate', { unit: 'work/a#1' });
  t.record('w1', 'claim', { unit: 'work/b#1' });
  t.record('w10', 'start');
  t.record('redis', 'outage');
  return t;
}

const result = (passed: boolean): ScenarioResult => ({
  name: 'tutorial',
  description: 'the tutorial <workflow>',
  passed,
  durationMs: 1234,
  invariants: [
    { name: 'every file processed', passed: true, detail: '99/99' },
    { name: 'no claim left', passed, detail: passed ? '0 claim keys' : '2 claim keys left' },
  ],
  metrics: { units: 99 },
});

describe('scenario reporting', () => {
  it('counts done, in flight, duplicates, redeliveries and crashes from the timeline', () => {
    expect(progressCounts(sampleTimeline())).toEqual({
      done: 1,
      inFlight: 1,
      duplicates: 1,
      redeliveries: 1,
      crashes: 1,
    });
  });

  it('orders lanes workers first, numerically, then infrastructure', () => {
    expect(sampleTimeline().lanes()).toEqual(['w1', 'w2', 'w10', 'redis']);
  });

  it('prints a table of invariants and the pass count', () => {
    const text = formatSummary([result(true), { ...result(false), name: 'crash' }], false);
    expect(text).toMatch(/^scenario\s+invariant\s+result\s+detail/);
    expect(text).toMatch(/crash\s+no claim left\s+FAIL\s+2 claim keys left/);
    expect(text).toContain('1/2 scenarios passed');
    expect(text).not.toContain('\x1b[');
    expect(formatSummary([result(true)], true)).toContain('\x1b[32mok');
  });

  it('renders a self-contained HTML report with an SVG lane per worker and escaped text', () => {
    const html = renderReport([{ result: result(false), timeline: sampleTimeline() }], 42);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('seed 42');
    expect(html).toContain('the tutorial &lt;workflow&gt;');
    expect(html).toContain('FAILED');
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    for (const lane of ['w1', 'w2', 'w10', 'redis']) expect(svg).toContain(`>${lane}</text>`);
    expect(svg).toContain('claim work/a#1');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});
