// Mounts the issuer's routes on a node HTTP server: each emulator's request listener calls
// `serveIdentity` first and carries on with its own routes when it returns false.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityIssuer, StartedIssuer } from './issuer.ts';
import type { LazyIssuer } from './own-issuer.ts';
import { IDENTITY_PATHS } from './routes.ts';

const PATHS: readonly string[] = Object.values(IDENTITY_PATHS);
const MAX_FORM_BYTES = 64 * 1024;

/**
 * True when the request is for an identity path (it is then answered); false leaves it alone, as
 * does an issuer that only mints (neither started nor lazy, e.g. a stand-in passed by a test).
 */
export function serveIdentity(issuer: IdentityIssuer, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const started = startedIssuerOf(issuer);
  if (!PATHS.includes(url.pathname) || !started) return false;
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_FORM_BYTES) chunks.push(chunk);
  });
  req.on('end', async () => {
    const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
    let response: ReturnType<StartedIssuer['handle']>;
    try {
      response = (await started()).handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: { authorization: req.headers.authorization },
        body: size <= MAX_FORM_BYTES ? Buffer.concat(chunks).toString('utf8') : '',
        baseUrl: `http://${host}`,
      });
    } catch (err) {
      const body = JSON.stringify({ error: 'internal_failure', error_description: (err as Error).message });
      res.writeHead(500, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (!response) return; // unreachable: the path is one of ours
    res.writeHead(response.status, response.headers).end(response.body);
  });
  return true;
}

/** How to reach the started issuer behind an eager or lazy one; undefined when it is neither. */
export function startedIssuerOf(issuer: IdentityIssuer): (() => Promise<StartedIssuer>) | undefined {
  if (typeof (issuer as Partial<StartedIssuer>).handle === 'function') {
    return () => Promise.resolve(issuer as StartedIssuer);
  }
  const lazy = issuer as Partial<LazyIssuer>;
  return typeof lazy.started === 'function' ? () => lazy.started!() : undefined;
}
