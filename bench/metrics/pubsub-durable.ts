// What durability costs: the publish metric again, against `devkit start pubsub --data-dir`, where
// every Publish is answered only after its group commit (one write + fdatasync per batch).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BenchGroup, emulatorSpec, errorMessage, notMeasured, rounds } from '../bench.ts';
import { type ServerProcess, startDevkit } from '../processes.ts';
import { PROJECT, publishRate } from './pubsub-driver.ts';

const PUBLISH_DURABLE = {
  name: 'pubsub.publish_durable.msgs_per_s',
  unit: 'msg/s',
  target: { op: '>=', value: 25_000 },
} as const;

export const pubsubDurablePublish: BenchGroup = {
  title: 'Pub/Sub publish throughput with --data-dir (answered after the change log is fsynced)',
  metrics: [PUBLISH_DURABLE],
  async run(ctx) {
    const spec = emulatorSpec('pubsub');
    if (typeof spec === 'string') return [notMeasured(PUBLISH_DURABLE, spec)];
    // The same load as pubsub.publish.msgs_per_s, so the two numbers compare directly.
    const total = ctx.quick ? 40_000 : 200_000;
    const budget = ctx.quick ? 2_000 : 20_000;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-pubsub-durable-'));
    let proc: ServerProcess | undefined;
    try {
      proc = await startDevkit(['pubsub', '--port', '0', '--project', PROJECT, '--data-dir', dataDir]);
      const host = proc.env.PUBSUB_EMULATOR_HOST!;
      const values = await rounds(ctx, PUBLISH_DURABLE.name, ctx.rounds, () =>
        publishRate(host, total, budget),
      );
      return [
        {
          ...PUBLISH_DURABLE,
          rounds: values,
          note: `up to ${total.toLocaleString('en-US')} × 1 KiB per round, official client batching, --data-dir on local disk`,
        },
      ];
    } catch (error) {
      return [notMeasured(PUBLISH_DURABLE, `failed: ${errorMessage(error)}`)];
    } finally {
      await proc?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
