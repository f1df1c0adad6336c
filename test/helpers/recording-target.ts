// A local HTTP service that records every request it receives (arrival time, method, URL,
// headers, body) and answers with a status the test picks; the Scheduler and Tasks tests aim at it.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** When the request arrived, by the `now` the target was given (an emulator's clock or real time). */
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingTarget {
  url: string;
  requests: Received[];
  /** Highest number of requests open at once. */
  maxOpen(): number;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface RecordingTargetOptions {
  /** The status for the request with index `n` (from 0), or 'hang' to never answer. Default 200. */
  respond?: (n: number, r: Received) => number | 'hang';
  /** Stamps arrivals; default real time. */
  now?: () => number;
  /** Keeps each request open this long (real time) before answering. */
  holdMs?: number;
}

export async function startRecordingTarget(options: RecordingTargetOptions = {}): Promise<RecordingTarget> {
  const { respond = () => 200, now = Date.now, holdMs = 0 } = options;
  const requests: Received[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      const r: Received = {
        at: now(),
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const n = requests.length;
      requests.push(r);
      const status = respond(n, r);
      if (status === 'hang') return;
      setTimeout(() => {
        open--;
        res.writeHead(status).end();
      }, holdMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxOpen: () => maxOpen,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
