// Large-object download rate and server CPU, ours beside others in one run: `npx tsx
// bench/profile/download-rate.ts [--mb N] [--rounds N] [--no-peer] [--base <checkout>/bin/devkit.js]`.
// One object of N MiB (default 1024) is uploaded once to each server, then downloaded with the
// bench's own client call (official client `createReadStream`, validation off) in interleaved
// rounds. Servers: ours on --data-dir (what the metric measures), ours on the memory backend,
// fake-gcs-server (memory backend), and `ceiling` (`storage-ceiling.ts`: a child answering every
// download from one in-memory Buffer, no checks) — what the official client alone can take in here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchBucket, client, downloadLarge, uploadLarge } from '../metrics/storage-driver.ts';
import { ensurePeers, startFakeGcs } from '../peers.ts';
import {
  cpuSeconds,
  type ServerProcess,
  startBaseDevkit,
  startDevkit,
  startStorageCeiling,
} from '../processes.ts';
import { silentProgress } from '../progress.ts';
import { median } from '../stats.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const { values: flags } = parseArgs({
  options: {
    mb: { type: 'string', default: '1024' },
    rounds: { type: 'string', default: '5' },
    'no-peer': { type: 'boolean', default: false },
    base: { type: 'string' },
  },
});
const mb = Number(flags.mb);

interface Target {
  name: string;
  url: string;
  /** Server CPU seconds so far. */
  cpu: () => number;
  stop(): Promise<void>;
}

function fromProcess(name: string, proc: ServerProcess): Target {
  return {
    name,
    url: proc.env.STORAGE_EMULATOR_HOST!,
    cpu: () => cpuSeconds(proc.pid),
    stop: () => proc.stop(),
  };
}

/** One bucket with `large.bin` of `--mb` MiB, uploaded as the bench's large round trip does. */
async function upload(url: string) {
  const [bucket] = await benchBucket(client(url), 'dl-rate');
  await uploadLarge(bucket.file('large.bin'), mb);
  return bucket.name;
}

/** One download of `large.bin`: MiB/s, and server / client CPU seconds per GiB. */
async function download(t: Target, bucket: string) {
  const cpu0 = t.cpu();
  const self = process.cpuUsage();
  const ms = await downloadLarge(client(t.url).bucket(bucket).file('large.bin'), mb);
  const used = process.cpuUsage(self);
  const gib = mb / 1024;
  return {
    rate: mb / (ms / 1000),
    server: (t.cpu() - cpu0) / gib,
    client: (used.user + used.system) / 1e6 / gib,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'dl-rate-'));
const targets: Target[] = [];
try {
  targets.push(
    fromProcess('ours (data dir)', await startDevkit(['storage', '--port', '0', '--data-dir', dir])),
  );
  targets.push(fromProcess('ours (memory)', await startDevkit(['storage', '--port', '0'])));
  if (flags.base) {
    const base = await startBaseDevkit(flags.base, [
      'storage',
      '--port',
      '0',
      '--data-dir',
      join(dir, 'base'),
    ]);
    targets.push(fromProcess('base (data dir)', base));
  }
  if (!flags['no-peer']) {
    const bin = (await ensurePeers(silentProgress))['fake-gcs-server'];
    if (bin.ok) targets.push(fromProcess('fake-gcs-server', await startFakeGcs(bin.path)));
    else console.error(`fake-gcs-server: ${bin.reason}`);
  }
  const buckets = new Map<Target, string>();
  for (const t of targets) buckets.set(t, await upload(t.url));
  const ceil = fromProcess('ceiling', await startStorageCeiling(mb));
  targets.push(ceil);
  buckets.set(ceil, 'any');
  const results = new Map(targets.map((t) => [t, [] as Awaited<ReturnType<typeof download>>[]]));
  // The first download right after the upload (what the bench's fresh-server rounds see), not counted.
  for (const t of targets) {
    const first = await download(t, buckets.get(t)!);
    console.log(
      `${t.name.padEnd(22)} first download ${first.rate.toFixed(0)} MiB/s, server ${first.server.toFixed(2)} s/GiB`,
    );
  }
  for (let i = 0; i < Number(flags.rounds); i++) {
    // Rotate the order so no side always follows the same one.
    for (let j = 0; j < targets.length; j++) {
      const t = targets[(i + j) % targets.length]!;
      results.get(t)!.push(await download(t, buckets.get(t)!));
    }
  }
  console.log(`${flags.mb} MiB, ${flags.rounds} interleaved rounds (median [min–max]); CPU seconds per GiB`);
  for (const [t, runs] of results) {
    const rates = runs.map((r) => r.rate);
    const cpu = (key: 'server' | 'client') => median(runs.map((r) => r[key])).toFixed(2);
    console.log(
      `${t.name.padEnd(22)} ${median(rates).toFixed(0)} MiB/s [${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}]` +
        `  server ${cpu('server')} s/GiB  client ${cpu('client')} s/GiB`,
    );
  }
} finally {
  for (const t of targets) await t.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
