// Scale metrics for Pub/Sub: end-to-end throughput and steady-rate p99 with 1, 4 and 16 StreamingPull
// streams on one subscription, ours only — how our cost grows with the number of streams.
import {
  type BenchContext,
  type BenchGroup,
  emulatorSpec,
  errorMessage,
  notMeasured,
  rounds,
} from '../bench.ts';
import type { Measured, Target } from '../results.ts';
import { SHARED_OURS, startOurs } from './pubsub.ts';
import { endToEndRate, steadyLatencyP99 } from './pubsub-driver.ts';

const STREAMS = [1, 4, 16];
const E2E_TARGET: Target = { op: '>=', value: 20_000 };
const P99_TARGET: Target = { op: '<', value: 10 };

const e2eSpec = (streams: number) => ({
  name: `pubsub.scale.e2e.streams_${streams}.msgs_per_s`,
  unit: 'msg/s',
  target: E2E_TARGET,
  series: { chart: 'Pub/Sub e2e throughput by StreamingPull streams', axis: 'streams', x: streams },
});
const p99Spec = (streams: number) => ({
  name: `pubsub.scale.latency.streams_${streams}.p99_ms`,
  unit: 'ms',
  target: P99_TARGET,
  series: { chart: 'Pub/Sub p99 at 1,000 msg/s by StreamingPull streams', axis: 'streams', x: streams },
});

export const pubsubScale: BenchGroup = {
  title: 'Pub/Sub scale: e2e and p99 with 1, 4, 16 StreamingPull streams',
  metrics: [...STREAMS.map(e2eSpec), ...STREAMS.map(p99Spec)],
  async run(ctx: BenchContext) {
    const all = [...STREAMS.map(e2eSpec), ...STREAMS.map(p99Spec)];
    const spec = emulatorSpec('pubsub');
    if (typeof spec === 'string') return all.map((m) => notMeasured(m, spec));
    const total = ctx.quick ? 15_000 : 150_000;
    const budget = ctx.quick ? 2_000 : 20_000;
    const seconds = ctx.quick ? 2 : 10;
    const count = ctx.quick ? 1 : Math.max(3, ctx.rounds);
    // The process the throughput and latency groups measured (started here when run alone).
    const proc = await ctx.shared.get(SHARED_OURS, startOurs);
    const host = proc.env.PUBSUB_EMULATOR_HOST!;
    const out: Measured[] = [];
    // Untimed: a fresh process's first run is JIT and connection set-up, not the 1-stream point.
    await endToEndRate(host, 3000, budget).catch(() => 0);
    for (const streams of STREAMS) {
      const m = e2eSpec(streams);
      const values = await safely(ctx, m.name, count, () => endToEndRate(host, total, budget, streams));
      out.push(withNote(m, values, `up to ${total.toLocaleString('en-US')} × 1 KiB per round`));
    }
    for (const streams of STREAMS) {
      const m = p99Spec(streams);
      const values = await safely(ctx, m.name, count, () =>
        steadyLatencyP99(host, 1000, seconds, (t) => ctx.progress.detail(`  ${t}`), streams),
      );
      out.push(withNote(m, values, `${seconds} s per round at 1,000 msg/s`));
    }
    return out;
  },
};

async function safely(
  ctx: BenchContext,
  label: string,
  count: number,
  fn: () => Promise<number>,
): Promise<{ rounds: number[]; note?: string }> {
  try {
    return { rounds: await rounds(ctx, label, count, fn) };
  } catch (error) {
    ctx.progress.detail(`${label} failed: ${errorMessage(error)}`);
    return { rounds: [], note: `failed: ${errorMessage(error)}` };
  }
}

function withNote(
  m: Omit<Measured, 'rounds'>,
  values: { rounds: number[]; note?: string },
  note: string,
): Measured {
  return { ...m, rounds: values.rounds, note: [values.note, note].filter(Boolean).join('; ') };
}
