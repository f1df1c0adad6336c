// A loopback endpoint between a push subscription and one framework child: it turns each pushed
// envelope into the event Cloud Functions would send (the framework's own conversion drops a
// message without data) and answers the push with the function's status (non-2xx = redeliver).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBrowserGuard } from '../common/index.ts';
import type { FrameworkRequest, PushEnvelope } from './events.ts';

export interface PushRelay {
  /** Where the push subscription sends. */
  url: string;
  stop(): Promise<void>;
}

export async function startPushRelay(
  frameworkUrl: string,
  convert: (envelope: PushEnvelope) => FrameworkRequest,
): Promise<PushRelay> {
  const refuseForeign = createBrowserGuard();
  const server = createServer(async (req, res) => {
    if (refuseForeign(req, res)) return;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = convert(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as PushEnvelope);
      const response = await fetch(`${frameworkUrl}/`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      await response.arrayBuffer();
      res.writeHead(response.status).end();
    } catch {
      res.writeHead(503).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/push`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
