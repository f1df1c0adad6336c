// A receiving service that checks its caller the way a production handler does (google-auth-library
// through gcp-devkit/testing), and a stack with Pub/Sub + Scheduler whose env carries the certs URL.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type StackOptions, type StartedStack, startStack } from '../../src/stack/index.ts';

export const SERVICE_ACCOUNT = 'invoker@devkit-local.iam.gserviceaccount.com';

export interface ReceivedCall {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ReceivingService {
  url: string;
  calls: ReceivedCall[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** An HTTP endpoint that records every call and answers 204. */
export async function receivingService(): Promise<ReceivingService> {
  const calls: ReceivedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Pub/Sub and Scheduler on free ports, no Redis. */
export function identityStack(options: StackOptions = {}): Promise<StartedStack> {
  return startStack({
    services: ['pubsub', 'scheduler'],
    ports: { pubsub: 0, scheduler: 0 },
    redis: false,
    project: 'devkit-local',
    ...options,
  });
}

/** Polls `check` until it returns truthy (generous default: the machine is loaded). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The same JWT with one payload claim changed and the original signature kept. */
export function tamper(token: string, claims: Record<string, unknown>): string {
  const [head, body, signature] = token.split('.') as [string, string, string];
  const payload = { ...JSON.parse(Buffer.from(body, 'base64url').toString('utf8')), ...claims };
  return `${head}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

export function bearerOf(headers: IncomingHttpHeaders): string {
  const value = headers.authorization ?? '';
  if (!value.startsWith('Bearer ')) throw new Error(`no bearer token in ${JSON.stringify(value)}`);
  return value.slice('Bearer '.length);
}
