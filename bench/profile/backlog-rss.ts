// RSS of a held backlog, measured as bench/metrics/pubsub.ts does (N × 100 B on one subscription,
// RSS read 1 s after the last publish): `npx tsx bench/profile/backlog-rss.ts [N] [ours,base,pstest]
// [--base <checkout>/bin/devkit.js]`. Prints the idle RSS too: for Node it is most of a small backlog.
import { parseArgs } from 'node:util';
import { backlogFillAndDrain } from '../metrics/pubsub-driver.ts';
import { ensurePeers, startPstest } from '../peers.ts';
import { type ServerProcess, startBaseDevkit, startDevkit } from '../processes.ts';
import { createProgress } from '../progress.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { base: { type: 'string' } },
});
const total = Number(positionals[0] ?? 100_000);
const which = (positionals[1] ?? 'ours,pstest').split(',');
const ARGS = ['start', 'pubsub', '--port', '0', '--project', 'devkit-bench'];

async function start(name: string): Promise<ServerProcess | undefined> {
  if (name === 'ours') return startDevkit(ARGS.slice(1), 60_000);
  if (name === 'base' && flags.base) {
    return startBaseDevkit(flags.base, ARGS.slice(1));
  }
  const peers = await ensurePeers(createProgress());
  return peers.pstest.ok ? startPstest(peers.pstest.path) : undefined;
}

for (const name of which) {
  const proc = await start(name);
  if (!proc) {
    console.log(`${name}: not available`);
    continue;
  }
  const idle = proc.rssMb();
  let held = 0;
  const r = await backlogFillAndDrain(
    proc.env.PUBSUB_EMULATOR_HOST!,
    total,
    100,
    300_000,
    async () => {
      await new Promise((done) => setTimeout(done, 1000));
      held = proc.rssMb();
    },
    60_000,
  );
  console.log(
    `${name}: idle ${idle.toFixed(0)} MiB, held ${held.toFixed(0)} MiB ` +
      `(${r.published} published in ${(r.publishMs / 1000).toFixed(1)} s, drained ${r.drained})`,
  );
  await proc.stop();
}
process.exit(0);
