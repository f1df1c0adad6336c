// `npm run bench [-- --quick] [--only prefix,...] [--rounds N] [--no-peers] [--[no-]ceiling]`:
// builds the peers when missing, runs every benchmark group with progress on stderr, prints the
// results table on stdout and writes bench/results.json and bench/report.html.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchContext, type BenchGroup, errorMessage, notMeasured } from './bench.ts';
import { pubsubBacklog, pubsubLatency, pubsubStartup, pubsubThroughput } from './metrics/pubsub.ts';
import { pubsubDurablePublish } from './metrics/pubsub-durable.ts';
import { pubsubScale } from './metrics/pubsub-scale.ts';
import { stackStartup } from './metrics/stack.ts';
import { storageLarge, storageSmall } from './metrics/storage.ts';
import { tasksDispatch } from './metrics/tasks.ts';
import { uiPeek } from './metrics/ui.ts';
import { workflowUnits } from './metrics/workflow.ts';
import { ensurePeers, type PeerBinary, type PeerName } from './peers.ts';
import { createProgress } from './progress.ts';
import { renderReport } from './report.ts';
import { buildResultsFile, type Measured, summarize } from './results.ts';
import { createSharedProcesses } from './shared-processes.ts';
import { formatTable } from './table.ts';

// The Google clients probe the GCE metadata server (a link-local address) when they look for
// credentials; everything here is loopback-only, so tell them there is none (children inherit it).
process.env.METADATA_SERVER_DETECTION = 'none';

const GROUPS: BenchGroup[] = [
  pubsubStartup,
  stackStartup,
  pubsubThroughput,
  pubsubDurablePublish,
  pubsubLatency,
  pubsubScale,
  pubsubBacklog,
  storageSmall,
  storageLarge,
  workflowUnits,
  uiPeek,
  tasksDispatch,
];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    ceiling: { type: 'boolean' },
    'no-ceiling': { type: 'boolean', default: false },
  },
});
const quick = flags.quick ?? false;
const only = flags.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
// Quick runs take 2 rounds (flagged as too few to judge spread) to finish in under 3 minutes on a
// loaded 2-core machine; full runs take 5 (every metric at least 3).
const roundCount = flags.rounds ? Number(flags.rounds) : quick ? 2 : 5;
if (!Number.isInteger(roundCount) || roundCount < 1) throw new Error(`--rounds must be a positive integer`);

const skipped: PeerBinary = { ok: false, reason: 'skipped (--no-peers)' };
const selected = GROUPS.filter((g) => !only || g.metrics.some((m) => only.some((p) => m.name.startsWith(p))));
const progress = createProgress();
progress.step(`gcp-devkit bench${quick ? ' --quick' : ''}: ${selected.length} groups, ${roundCount} rounds`);
const peers: Record<PeerName, PeerBinary> = flags['no-peers']
  ? { 'fake-gcs-server': skipped, pstest: skipped }
  : await ensurePeers(progress);
// The storage groups also measure a do-nothing server (the client's ceiling) in full runs.
const ceiling = !flags['no-ceiling'] && (flags.ceiling ?? !quick);
const ctx: BenchContext = {
  quick,
  rounds: roundCount,
  ceiling,
  progress,
  peers,
  shared: createSharedProcesses(),
};

const measured: Measured[] = [];
for (const [i, group] of selected.entries()) {
  progress.step(`[${i + 1}/${selected.length}] ${group.title}`);
  const began = performance.now();
  try {
    measured.push(...(await group.run(ctx)));
    progress.detail(`(${group.title}: ${((performance.now() - began) / 1000).toFixed(1)} s)`);
  } catch (error) {
    progress.detail(`failed: ${errorMessage(error)}`);
    measured.push(...group.metrics.map((m) => notMeasured(m, `failed: ${errorMessage(error)}`)));
  }
}

await ctx.shared.stopAll();
const wanted = measured.filter((m) => !only || only.some((p) => m.name.startsWith(p)));
const file = buildResultsFile(wanted.map(summarize), quick);
const jsonPath = fileURLToPath(new URL('./results.json', import.meta.url));
const htmlPath = fileURLToPath(new URL('./report.html', import.meta.url));
writeFileSync(jsonPath, `${JSON.stringify(file, null, 2)}\n`);
writeFileSync(htmlPath, renderReport(file));
progress.step(`wrote ${jsonPath} and ${htmlPath}`);
process.stdout.write(formatTable(file.results));
// Clients keep sockets and timers alive for a while; every server we spawned is already stopped.
process.exit(0);
