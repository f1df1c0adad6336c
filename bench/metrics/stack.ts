// `stack.startup_ms`: wall time from spawning `devkit start` (every registered emulator + a fresh
// redis-server, all on free ports) to its `devkit ready` line — what a user waits for.
import { EMULATORS } from '../../src/stack/emulators.ts';
import { type BenchGroup, rounds } from '../bench.ts';
import { startDevkit } from '../processes.ts';

const STACK = { name: 'stack.startup_ms', unit: 'ms', target: { op: '<', value: 1000 } } as const;
const ALL = ['pubsub', 'storage', 'scheduler'];

export const stackStartup: BenchGroup = {
  title: '`devkit start` to `devkit ready`',
  metrics: [STACK],
  async run(ctx) {
    const values = await rounds(ctx, STACK.name, ctx.rounds, async () => {
      const proc = await startDevkit(['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0']);
      await proc.stop();
      return proc.readyMs;
    });
    const present = EMULATORS.map((e) => e.name);
    const missing = ALL.filter((name) => !present.includes(name as (typeof present)[number]));
    const what = `node bin/devkit.js start: Redis + ${present.join(', ') || 'no emulator'}`;
    return [
      {
        ...STACK,
        rounds: values,
        note: missing.length > 0 ? `${what} (not registered yet: ${missing.join(', ')})` : what,
      },
    ];
  },
};
