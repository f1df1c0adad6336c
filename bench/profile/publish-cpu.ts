// CPU per published message, ours beside pstest in one run: `npx tsx bench/profile/publish-cpu.ts
// [--messages N] [--rounds N] [--prof-dir DIR] [--base /other/checkout/bin/devkit.js]`. Each server
// runs as a child; its user + system CPU (/proc/<pid>/stat) across a publish run is divided by the
// messages accepted. --base adds another checkout's emulator (before/after a change, same run); with
// --prof-dir ours runs under `--cpu-prof` and writes a .cpuprofile there on exit (Chrome DevTools).
// --raw publishes pre-encoded requests (1,000 × 1 KiB each, 4 in flight) over one raw HTTP/2
// session instead of the official client, so the server's cost is measured without the client's
// CPU competing for the same cores.
import http2 from 'node:http2';
import { parseArgs } from 'node:util';
import { publishRate } from '../metrics/pubsub-driver.ts';
import { ensurePeers, startPstest } from '../peers.ts';
import { cpuSeconds, type ServerProcess, startBaseDevkit, startDevkit } from '../processes.ts';
import { createProgress } from '../progress.ts';
import { median } from '../stats.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '3' },
    'prof-dir': { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    base: { type: 'string' },
    raw: { type: 'boolean', default: false },
  },
});
const messages = Number(flags.messages);
const roundCount = Number(flags.rounds);
const progress = createProgress();

const BATCH = 1000;
const IN_FLIGHT = 4;

/** A framed PublishRequest of `BATCH` × 1 KiB messages to `topic`. */
function publishFrame(topic: string): Buffer {
  const data = Buffer.alloc(1024, 7);
  const message = Buffer.concat([Buffer.from([0x0a, 0x80, 0x08]), data]); // data: field 1, length 1024
  const entry = Buffer.concat([Buffer.from([0x12, 0x83, 0x08]), message]); // messages: field 2, 1027
  const name = Buffer.from(topic);
  const body = Buffer.concat([Buffer.from([0x0a, name.length]), name, ...Array(BATCH).fill(entry)]);
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  body.copy(frame, 5);
  return frame;
}

function grpcCall(session: http2.ClientHttp2Session, path: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status: unknown;
    req.on('response', (h) => {
      status ??= h['grpc-status'];
    });
    req.on('trailers', (t) => {
      status = t['grpc-status'];
    });
    req.on('data', () => undefined);
    req.on('end', () =>
      String(status) === '0' ? resolve() : reject(new Error(`${path}: grpc-status ${status}`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Messages per second through raw Publish calls, `IN_FLIGHT` requests at a time. */
async function rawPublishRate(host: string, count: number): Promise<number> {
  const session = http2.connect(`http://${host}`);
  try {
    const topic = `projects/devkit-bench/topics/raw-${process.hrtime.bigint()}`;
    const name = Buffer.from(topic);
    await grpcCall(
      session,
      '/google.pubsub.v1.Publisher/CreateTopic',
      Buffer.concat([Buffer.from([0, 0, 0, 0, name.length + 2, 0x0a, name.length]), name]),
    );
    const frame = publishFrame(topic);
    const calls = Math.ceil(count / BATCH);
    let issued = 0;
    const began = performance.now();
    const lane = async () => {
      while (issued < calls) {
        issued++;
        await grpcCall(session, '/google.pubsub.v1.Publisher/Publish', frame);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    return (calls * BATCH) / ((performance.now() - began) / 1000);
  } finally {
    session.close();
  }
}

/** One publish run against `proc`: messages per second and server / client CPU µs per message. */
async function once(proc: ServerProcess, count: number) {
  const host = proc.env.PUBSUB_EMULATOR_HOST!;
  const before = cpuSeconds(proc.pid);
  const self = process.cpuUsage();
  const rate = flags.raw ? await rawPublishRate(host, count) : await publishRate(host, count, 120_000);
  const server = ((cpuSeconds(proc.pid) - before) * 1e6) / count;
  const used = process.cpuUsage(self);
  return { rate, server, client: (used.user + used.system) / count };
}

/** The client's CPU as a share of one core while it published: ~100 % means the client is the cap. */
function busy(r: { rate: number; client: number }): string {
  return `${Math.round((r.rate * r.client) / 1e4)} %`;
}

const servers: { name: string; proc: ServerProcess }[] = [];
// startDevkit puts DEVKIT_BENCH_NODE_ARGS in front of the child's script.
if (flags['prof-dir']) process.env.DEVKIT_BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${flags['prof-dir']}`;
servers.push({
  name: 'ours',
  proc: await startDevkit(['pubsub', '--port', '0', '--project', 'devkit-bench'], 60_000),
});
if (flags.base) {
  const base = await startBaseDevkit(flags.base, ['pubsub', '--port', '0', '--project', 'devkit-bench']);
  servers.push({ name: 'base', proc: base });
}
if (!flags['no-peer']) {
  const peers = await ensurePeers(progress);
  if (peers.pstest.ok) servers.push({ name: 'pstest', proc: await startPstest(peers.pstest.path) });
  else progress.detail(`pstest: ${peers.pstest.reason}`);
}
// Warm-up (JIT, connections), then rounds interleaved so every server sees the same load.
for (const s of servers) await once(s.proc, 5000);
const results = new Map<string, Awaited<ReturnType<typeof once>>[]>(servers.map((s) => [s.name, []]));
for (let i = 0; i < roundCount; i++) {
  for (const s of servers) {
    const r = await once(s.proc, messages);
    results.get(s.name)!.push(r);
    progress.detail(
      `${s.name}: ${Math.round(r.rate)} msg/s, server ${r.server.toFixed(2)} µs CPU/msg, client ${r.client.toFixed(2)} µs CPU/msg (${busy(r)} of a core)`,
    );
  }
}
for (const s of servers) {
  const v = results.get(s.name)!;
  const m = (key: 'rate' | 'server' | 'client') => median(v.map((r) => r[key]));
  progress.step(
    `${s.name}: median ${Math.round(m('rate'))} msg/s, server CPU ${m('server').toFixed(2)} µs/msg, client CPU ` +
      `${m('client').toFixed(2)} µs/msg (busy ${busy({ rate: m('rate'), client: m('client') })} of a core) over ${v.length} rounds`,
  );
  await s.proc.stop();
}
process.exit(0);
