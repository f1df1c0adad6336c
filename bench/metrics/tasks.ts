// `tasks.dispatch.per_s`: Cloud Tasks dispatches per second to an empty 200 handler. Tasks are
// created on paused queues, then the queues resume and the clock runs until the handler has seen
// every task. Cloud Tasks caps one queue at 500/s, so the load is spread over 8 queues.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTasksClient } from '@google-cloud/tasks';
import * as grpc from '@grpc/grpc-js';
import { createLogger } from '../../emulators/common/index.ts';
import { startTasksEmulator } from '../../emulators/tasks/index.ts';
import { type BenchGroup, rounds } from '../bench.ts';

const DISPATCH = { name: 'tasks.dispatch.per_s', unit: 'tasks/s', target: { op: '>=', value: 500 } } as const;
const PARENT = 'projects/bench-tasks/locations/us-central1';
const QUEUES = 8;

export const tasksDispatch: BenchGroup = {
  title: 'Cloud Tasks dispatch to an empty handler',
  metrics: [DISPATCH],
  async run(ctx) {
    const perRound = ctx.quick ? 1_000 : 8_000;
    let seen = 0;
    const handler = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen++;
        res.writeHead(200).end();
      });
    });
    handler.listen(0, '127.0.0.1');
    await once(handler, 'listening');
    const url = `http://127.0.0.1:${(handler.address() as AddressInfo).port}/`;
    await using emu = await startTasksEmulator({ logger: createLogger('silent') });
    const client = new CloudTasksClient({
      apiEndpoint: emu.host,
      port: emu.port,
      sslCreds: grpc.credentials.createInsecure(),
      universeDomain: 'googleapis.com',
    });
    try {
      const values = await rounds(ctx, DISPATCH.name, ctx.rounds, async (round) => {
        const queues = Array.from({ length: QUEUES }, (_, i) => `${PARENT}/queues/r${round}-q${i}`);
        for (const name of queues) {
          await client.createQueue({
            parent: PARENT,
            queue: { name, rateLimits: { maxDispatchesPerSecond: 500 } },
          });
          await client.pauseQueue({ name });
        }
        for (let made = 0; made < perRound; made += 200) {
          await Promise.all(
            Array.from({ length: Math.min(200, perRound - made) }, (_, i) =>
              client.createTask({
                parent: queues[(made + i) % QUEUES] as string,
                task: { httpRequest: { url } },
              }),
            ),
          );
        }
        seen = 0;
        const started = performance.now();
        await Promise.all(queues.map((name) => client.resumeQueue({ name })));
        while (seen < perRound) await new Promise((r) => setTimeout(r, 5));
        const seconds = (performance.now() - started) / 1000;
        return perRound / seconds;
      });
      return [
        {
          ...DISPATCH,
          rounds: values,
          note: `${perRound.toLocaleString('en-US')} HTTP tasks over ${QUEUES} queues at 500/s each, empty 200 handler, wall clock`,
        },
      ];
    } finally {
      await client.close();
      handler.closeAllConnections();
      handler.close();
    }
  },
};
