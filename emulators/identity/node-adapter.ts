// Mounts the issuer's routes on a node HTTP server: each emulator's request listener calls
// `serveIdentity` first and carries on with its own routes when it returns false.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityIssuer, StartedIssuer } from './issuer.ts';
import { IDENTITY_PATHS } from './routes.ts';

const PATHS: readonly string[] = Object.values(IDENTITY_PATHS);
const MAX_FORM_BYTES = 64 * 1024;

/**
 * True when the request is for an identity path (it is then answered); false leaves it alone, as
 * does an issuer that only mints (one without `handle`, e.g. a stand-in passed by a test).
 */
export function serveIdentity(issuer: IdentityIssuer, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!PATHS.includes(url.pathname) || !isServed(issuer)) return false;
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_FORM_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
    const response = issuer.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: { authorization: req.headers.authorization },
      body: size <= MAX_FORM_BYTES ? Buffer.concat(chunks).toString('utf8') : '',
      baseUrl: `http://${host}`,
    });
    if (!response) return; // unreachable: the path is one of ours
    res.writeHead(response.status, response.headers).end(response.body);
  });
  return true;
}

function isServed(issuer: IdentityIssuer): issuer is StartedIssuer {
  return typeof (issuer as Partial<StartedIssuer>).handle === 'function';
}
