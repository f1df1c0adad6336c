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
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { client } from '../metrics/storage-driver.ts';
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
const MiB = 1024 * 1024;
const size = Number(flags.mb) * MiB;

interface Target {
  name: string;
  url: string;
  /** Server CPU seconds so far, when it is another process. */
  cpu?: () => number;
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

/**
 * Uploads `size` bytes as 1 MiB chunks of one Buffer, as the bench does: a 1 GiB Buffer held in
 * this process would make V8 count it as external memory and run full GCs through the downloads
 * (3.4 s of client CPU per GiB instead of ~1).
 */
async function upload(url: string) {
  const chunk = Buffer.alloc(MiB, 7);
  const storage = client(url);
  const [bucket] = await storage.createBucket(`dl-${Date.now().toString(36)}`);
  const file = bucket.file('large.bin');
  await pipeline(
    Readable.from(
      (function* () {
        for (let at = 0; at < size; at += MiB) yield chunk;
      })(),
    ),
    file.createWriteStream({ resumable: true, contentType: 'application/octet-stream', validation: false }),
  );
  return bucket.name;
}

async function download(t: Target, bucket: string) {
  const file = client(t.url).bucket(bucket).file('large.bin');
  let received = 0;
  const sink = new Writable({
    write(c: Buffer, _enc, cb) {
      received += c.length;
      cb();
    },
  });
  const cpu0 = t.cpu?.();
  const self = process.cpuUsage();
  const start = performance.now();
  await pipeline(file.createReadStream({ validation: false }), sink);
  const sec = (performance.now() - start) / 1000;
  const used = process.cpuUsage(self);
  if (received !== size) throw new Error(`${t.name}: downloaded ${received} bytes, expected ${size}`);
  const gib = size / (1024 * MiB);
  return {
    rate: size / MiB / sec,
    server: cpu0 === undefined ? Number.NaN : (t.cpu!() - cpu0) / gib,
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
  const ceil = fromProcess('ceiling', await startStorageCeiling(Number(flags.mb)));
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
    const cpu = median(runs.map((r) => r.server));
    console.log(
      `${t.name.padEnd(22)} ${median(rates).toFixed(0)} MiB/s [${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}]` +
        `  server ${Number.isNaN(cpu) ? '   —' : cpu.toFixed(2)} s/GiB  client ${median(runs.map((r) => r.client)).toFixed(2)} s/GiB`,
    );
  }
} finally {
  for (const t of targets) await t.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
