// The HTTP handler behind the tasks-fanout queue: applies a unit's effect on success, fails some
// attempts (500) and is slow on others, as a seeded random source decides, and records every
// attempt (arrival time, retry count, open requests) for the scenario's invariants.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Random } from '../../emulators/faults/index.ts';

export interface HandlerAttempt {
  unit: string;
  at: number;
  retryCount: number;
  status: number;
}

export interface TasksHandler {
  url: string;
  attempts: HandlerAttempt[];
  /** Applied effects per unit (a 200 applies exactly one). */
  effects: Map<string, number>;
  maxOpen(): number;
  close(): Promise<void>;
}

export async function startTasksHandler(
  random: Random,
  odds: { failRate: number; slowRate: number; slowMs: number },
): Promise<TasksHandler> {
  const attempts: HandlerAttempt[] = [];
  const effects = new Map<string, number>();
  let open = 0;
  let maxOpen = 0;
  const server = createServer((req, res) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      let unit = '';
      try {
        unit = String(JSON.parse(Buffer.concat(chunks).toString()).unit);
      } catch {
        unit = '?';
      }
      const fail = random() < odds.failRate;
      const slow = random() < odds.slowRate;
      const status = fail ? 500 : 200;
      attempts.push({ unit, at, retryCount: Number(req.headers['x-cloudtasks-taskretrycount']), status });
      setTimeout(
        () => {
          if (status === 200) effects.set(unit, (effects.get(unit) ?? 0) + 1);
          open--;
          res.writeHead(status).end();
        },
        slow ? odds.slowMs : 0,
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/unit`,
    attempts,
    effects,
    maxOpen: () => maxOpen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
