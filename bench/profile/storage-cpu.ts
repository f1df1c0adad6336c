// CPU per storage request pair, ours beside others in one run: `npx tsx bench/profile/storage-cpu.ts
// [--seconds N] [--rounds N] [--mode http|fetch|client] [--peer] [--ceiling] [--cold]
// [--base <checkout>/bin/devkit.js] [--prof-dir DIR]`. Each server runs as a child (memory
// backend); rounds of the bench's own driver (raw-HTTP over node:http or fetch, or official-client
// 4 KiB upload + download pairs, 16 in flight) are interleaved so all see the same machine load,
// and the server's user + system CPU (/proc/<pid>/stat) per pair is printed beside the rate.
// --peer adds fake-gcs-server, --base another checkout's emulator (before / after a change),
// --ceiling `storage-ceiling.ts` (a server that does nothing: the client's own ceiling); with
// --prof-dir ours runs under `--cpu-prof` and writes a .cpuprofile there on exit, read with
// `npx tsx bench/profile/storage-top.ts DIR/<largest>.cpuprofile`.
import { parseArgs } from 'node:util';
import { smallPairsRate, smallPairsRateHttp } from '../metrics/storage-driver.ts';
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
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    mode: { type: 'string', default: 'http' },
    peer: { type: 'boolean', default: false },
    ceiling: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
    base: { type: 'string' },
    'prof-dir': { type: 'string' },
  },
});
const ms = Number(flags.seconds) * 1000;

/** One round against `proc`: pairs per second and server / client CPU µs per pair. */
async function once(proc: ServerProcess) {
  const url = proc.env.STORAGE_EMULATOR_HOST!;
  const before = cpuSeconds(proc.pid);
  const self = process.cpuUsage();
  const rate =
    flags.mode === 'client'
      ? await smallPairsRate(url, 16, ms)
      : await smallPairsRateHttp(url, 16, ms, flags.mode === 'fetch' ? 'fetch' : 'http');
  const pairs = rate * (ms / 1000);
  const used = process.cpuUsage(self);
  return {
    rate,
    server: ((cpuSeconds(proc.pid) - before) * 1e6) / pairs,
    client: (used.user + used.system) / pairs,
  };
}

const servers: { name: string; proc: ServerProcess }[] = [];
// startDevkit puts DEVKIT_BENCH_NODE_ARGS in front of the child's script.
if (flags['prof-dir']) process.env.DEVKIT_BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${flags['prof-dir']}`;
servers.push({ name: 'ours', proc: await startDevkit(['storage', '--port', '0'], 60_000) });
delete process.env.DEVKIT_BENCH_NODE_ARGS;
if (flags.base) {
  const base = await startBaseDevkit(flags.base, ['storage', '--port', '0']);
  servers.push({ name: 'base', proc: base });
}
if (flags.peer) {
  const bin = (await ensurePeers(silentProgress))['fake-gcs-server'];
  if (bin.ok) servers.push({ name: 'fake-gcs-server', proc: await startFakeGcs(bin.path) });
  else console.error(`fake-gcs-server: ${bin.reason}`);
}
if (flags.ceiling) servers.push({ name: 'ceiling', proc: await startStorageCeiling() });
try {
  const results = new Map(servers.map((s) => [s.name, [] as Awaited<ReturnType<typeof once>>[]]));
  // Warm-up (JIT, connections) unless --cold, which measures what a short bench round sees.
  if (!flags.cold) for (const s of servers) await once(s.proc);
  for (let i = 0; i < Number(flags.rounds); i++) {
    for (const s of servers) results.get(s.name)!.push(await once(s.proc));
  }
  for (const [name, runs] of results) {
    const m = (key: 'rate' | 'server' | 'client') => median(runs.map((r) => r[key])).toFixed(0);
    console.log(
      `${name.padEnd(16)} ${flags.mode}: ${m('rate')} pairs/s; CPU per pair: server ${m('server')} µs, client ${m('client')} µs`,
    );
  }
} finally {
  for (const s of servers) await s.proc.stop();
}
