// Pub/Sub metrics: in-process startup, publish and end-to-end throughput, steady-rate latency and
// the RSS of a one-million-message backlog — ours (`devkit start pubsub` child) beside Go's pstest.
import { silentLogger } from '../../emulators/common/index.ts';
import {
  type BenchContext,
  type BenchGroup,
  emulatorSpec,
  errorMessage,
  notMeasured,
  rounds,
} from '../bench.ts';
import { startPstest } from '../peers.ts';
import { type ServerProcess, startDevkit } from '../processes.ts';
import type { Measured } from '../results.ts';
import {
  backlogFillAndDrain,
  client,
  endToEndRate,
  PROJECT,
  publishRate,
  steadyLatencyP99,
} from './pubsub-driver.ts';

const STARTUP = { name: 'pubsub.startup_ms', unit: 'ms', target: { op: '<', value: 100 } } as const;
const PUBLISH = {
  name: 'pubsub.publish.msgs_per_s',
  unit: 'msg/s',
  target: { op: '>=', value: 50_000 },
} as const;
const E2E = {
  name: 'pubsub.e2e.msgs_per_s',
  unit: 'msg/s',
  target: { op: '>=', value: 20_000, peerRatio: 2 },
} as const;
const LATENCY = { name: 'pubsub.latency.p99_ms', unit: 'ms', target: { op: '<', value: 10 } } as const;
const BACKLOG_RSS = {
  name: 'pubsub.backlog_1m.rss_mb',
  unit: 'MiB',
  target: { op: '<', value: 500 },
} as const;
// Not in the table: issue 3 asks for the million messages to be drained too.
const BACKLOG_DRAIN = {
  name: 'pubsub.backlog_1m.drain_msgs_per_s',
  unit: 'msg/s',
  target: { op: '>=', value: 20_000 },
} as const;

type Server =
  | { name: string; start(): Promise<ServerProcess>; shared?: string }
  | { name: string; unavailable: string };

/** Our emulator as the shared throughput/latency/scale groups measure it (one process per run). */
export const SHARED_OURS = 'pubsub:ours';
export const startOurs = () => startDevkit(['pubsub', '--port', '0', '--project', PROJECT]);

function servers(ctx: BenchContext): { ours: Server; peer: Server } {
  const spec = emulatorSpec('pubsub');
  const bin = ctx.peers.pstest;
  return {
    ours:
      typeof spec === 'string'
        ? { name: 'ours', unavailable: spec }
        : { name: 'ours', start: startOurs, shared: SHARED_OURS },
    peer: bin.ok
      ? { name: 'pstest', start: () => startPstest(bin.path), shared: 'pubsub:pstest' }
      : { name: 'pstest', unavailable: bin.reason },
  };
}

/**
 * Runs `measure` against one server process, started once for all rounds — or, for a server with a
 * `shared` key and `fresh` unset, once for the whole run (warm from the groups before).
 */
async function onServer(
  ctx: BenchContext,
  server: Server,
  label: string,
  count: number,
  measure: (host: string, proc: ServerProcess) => Promise<number>,
  warmUp?: (host: string) => Promise<unknown>,
  fresh = false,
): Promise<{ rounds: number[]; note?: string }> {
  if ('unavailable' in server) return { rounds: [], note: server.unavailable };
  let proc: ServerProcess | undefined;
  const shared = !fresh && server.shared ? server.shared : undefined;
  try {
    proc = shared ? await ctx.shared.get(shared, server.start) : await server.start();
    const host = proc.env.PUBSUB_EMULATOR_HOST!;
    // Untimed: the first run of a fresh process is JIT and connection set-up, not its steady rate.
    await warmUp?.(host);
    return { rounds: await rounds(ctx, `${label} [${server.name}]`, count, () => measure(host, proc!)) };
  } catch (error) {
    ctx.progress.detail(`${label} [${server.name}] failed: ${errorMessage(error)}`);
    return { rounds: [], note: `failed: ${errorMessage(error)}` };
  } finally {
    if (!shared) await proc?.stop();
  }
}

function withPeer(
  spec: { name: string; unit: string; target: Measured['target'] },
  ours: { rounds: number[]; note?: string },
  peer: { rounds: number[]; note?: string } | undefined,
  peerName: string,
  note?: string,
): Measured {
  const notes = [ours.note, note].filter(Boolean).join('; ');
  return {
    ...spec,
    rounds: ours.rounds,
    ...(notes ? { note: notes } : {}),
    ...(peer
      ? { peer: { name: peerName, rounds: peer.rounds, ...(peer.note ? { note: peer.note } : {}) } }
      : {}),
  };
}

export const pubsubStartup: BenchGroup = {
  title: 'Pub/Sub in-process startup',
  metrics: [STARTUP],
  async run(ctx) {
    const spec = emulatorSpec('pubsub');
    if (typeof spec === 'string') return [notMeasured(STARTUP, spec)];
    const values = await rounds(ctx, STARTUP.name, Math.max(5, ctx.rounds), async () => {
      const started = performance.now();
      const server = await spec.start({ host: '127.0.0.1', port: 0, project: PROJECT, logger: silentLogger });
      const pubsub = client(server.address);
      try {
        await pubsub.createTopic(`startup-${Math.random().toString(36).slice(2, 10)}`);
        return performance.now() - started;
      } finally {
        await pubsub.close();
        await server.stop();
      }
    });
    return [
      {
        ...STARTUP,
        rounds: values,
        note: 'start() to the first CreateTopic answered, new client each round',
      },
    ];
  },
};

export const pubsubThroughput: BenchGroup = {
  title: 'Pub/Sub publish and end-to-end throughput',
  metrics: [PUBLISH, E2E],
  async run(ctx) {
    const { ours, peer } = servers(ctx);
    const publishTotal = ctx.quick ? 40_000 : 200_000;
    const e2eTotal = ctx.quick ? 30_000 : 150_000;
    const budget = ctx.quick ? 2_000 : 20_000;
    // One server process per side for both metrics (and the latency and scale groups after them):
    // each round uses its own topic.
    const measure = async (server: Server) => {
      const e2e: number[] = [];
      const publish = await onServer(
        ctx,
        server,
        PUBLISH.name,
        ctx.rounds,
        async (host) => {
          const rate = await publishRate(host, publishTotal, budget);
          const both = await endToEndRate(host, e2eTotal, budget);
          ctx.progress.detail(`  ${E2E.name} [${server.name}]: ${Math.round(both).toLocaleString('en-US')}`);
          e2e.push(both);
          return rate;
        },
        (host) => publishRate(host, 5000, budget),
      );
      return { publish, e2e: { rounds: e2e, ...(publish.note ? { note: publish.note } : {}) } };
    };
    // Both shared servers start together (neither is measured while starting); then one at a time.
    await Promise.all(
      [ours, peer].map((s) =>
        'start' in s && s.shared ? ctx.shared.get(s.shared, s.start).catch(() => {}) : 0,
      ),
    );
    const a = await measure(ours);
    const b = await measure(peer);
    return [
      withPeer(
        PUBLISH,
        a.publish,
        b.publish,
        'pstest',
        `up to ${publishTotal.toLocaleString('en-US')} × 1 KiB per round`,
      ),
      withPeer(E2E, a.e2e, b.e2e, 'pstest', `up to ${e2eTotal.toLocaleString('en-US')} × 1 KiB per round`),
    ];
  },
};

export const pubsubLatency: BenchGroup = {
  title: 'Pub/Sub publish→receive latency at 1,000 msg/s',
  metrics: [LATENCY],
  async run(ctx) {
    const { ours, peer } = servers(ctx);
    const seconds = ctx.quick ? 2 : 10;
    const a = await onServer(ctx, ours, LATENCY.name, ctx.rounds, (host) =>
      steadyLatencyP99(host, 1000, seconds, (t) => ctx.progress.detail(`  ${t}`)),
    );
    const b = await onServer(ctx, peer, LATENCY.name, ctx.rounds, (host) =>
      steadyLatencyP99(host, 1000, seconds, (t) => ctx.progress.detail(`  ${t}`)),
    );
    return [
      withPeer(
        LATENCY,
        a,
        b,
        'pstest',
        `${seconds} s per round, 1 ms publish batching window, first 10% dropped`,
      ),
    ];
  },
};

export const pubsubBacklog: BenchGroup = {
  title: 'Pub/Sub backlog: RSS holding the messages, then drain',
  metrics: [BACKLOG_RSS, BACKLOG_DRAIN],
  async run(ctx) {
    const { ours, peer } = servers(ctx);
    const total = ctx.quick ? 100_000 : 1_000_000;
    const budget = ctx.quick ? 8_000 : 120_000;
    const count = ctx.quick ? 1 : 3;
    // Ours drains a million in ~20 s on an idle machine; pstest would need hours, so bound it.
    const drainBudget = ctx.quick ? 4_000 : 60_000;
    const measureBoth = async (server: Server) => {
      const drain: number[] = [];
      const counts: number[] = [];
      // A fresh server per round: memory freed after a drain is not handed back to the OS at once,
      // and pstest never forgets a message, so a second round on the same process would inherit the first.
      const rss: { rounds: number[]; note?: string } = { rounds: [] };
      for (let round = 0; round < count; round++) {
        const one = await onServer(
          ctx,
          server,
          `${BACKLOG_RSS.name} ${round + 1}/${count}`,
          1,
          async (host, proc) => {
            let held = 0;
            const result = await backlogFillAndDrain(
              host,
              total,
              100,
              budget,
              async () => {
                await new Promise((r) => setTimeout(r, 1000));
                held = proc.rssMb();
              },
              drainBudget,
            );
            ctx.progress.detail(
              `  published ${result.published.toLocaleString('en-US')} in ${(result.publishMs / 1000).toFixed(1)} s, ` +
                `drained ${result.drained.toLocaleString('en-US')} in ${(result.drainMs / 1000).toFixed(1)} s`,
            );
            counts.push(result.published);
            drain.push(result.drained / (result.drainMs / 1000));
            return held;
          },
          undefined,
          true,
        );
        rss.rounds.push(...one.rounds);
        if (one.note) rss.note = one.note;
      }
      return { rss, drain: { rounds: drain, ...(rss.note ? { note: rss.note } : {}) }, counts };
    };
    const a = await measureBoth(ours);
    const b = await measureBoth(peer);
    const held = a.counts.length > 0 ? Math.min(...a.counts) : total;
    const note =
      held < 1_000_000
        ? `${held.toLocaleString('en-US')} × 100 B held (${ctx.quick ? 'quick run' : 'publish budget spent'}), not 1,000,000`
        : '1,000,000 × 100 B held, RSS of the emulator process';
    return [
      withPeer(BACKLOG_RSS, a.rss, b.rss, 'pstest', note),
      withPeer(BACKLOG_DRAIN, a.drain, b.drain, 'pstest', 'StreamingPull + ack, after the backlog was held'),
    ];
  },
};
