// The dashboard's HTTP server: the origin rule first, then static assets (shipped in ui/public,
// nothing from a CDN), the SSE stream and the JSON API.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../emulators/common/index.ts';
import { type ApiDeps, handleApi } from './api.ts';
import type { LiveHub } from './live.ts';
import { uiRefusal } from './origin-rule.ts';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** Uploads from the page are files a person picks; larger ones belong to `devkit storage cp`. */
const MAX_BODY = 64 * 1024 * 1024;

export interface UiServerOptions {
  deps: ApiDeps;
  live: LiveHub;
  bindHost: string;
  logger: Logger;
  /** The dashboard's own port, known once it listens. */
  port(): number;
}

export function createUiServer(options: UiServerOptions): Server {
  const server = createServer((req, res) => {
    serve(options, req, res).catch((err: Error) => {
      options.logger.error('dashboard request failed', { error: err.message });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  return server;
}

async function serve(o: UiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = uiRefusal(req.headers, o.bindHost, o.port());
  if (refused) {
    req.resume();
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    res.end(JSON.stringify({ error: { code: 403, status: 'PERMISSION_DENIED', message: refused } }));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://dashboard');
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/api/events') return o.live.attach(res);
  if (url.pathname.startsWith('/api/')) {
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ error: { code: 413, message: 'upload larger than 64 MiB' } }));
      return;
    }
    const answer = await handleApi(o.deps, {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      contentType: req.headers['content-type'] ?? '',
    });
    if (method === 'POST' && answer.status === 200) void o.live.refresh().catch(() => {});
    const payload = answer.bytes ?? Buffer.from(JSON.stringify(answer.json ?? {}));
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...answer.headers,
    });
    res.end(payload);
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  await sendStatic(url.pathname === '/' ? '/index.html' : url.pathname, res);
}

async function sendStatic(pathname: string, res: ServerResponse): Promise<void> {
  const file = normalize(join(PUBLIC, decodeURIComponent(pathname)));
  const type = TYPES[extname(file)];
  if (!file.startsWith(PUBLIC.endsWith(sep) ? PUBLIC : PUBLIC + sep) || !type) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(bytes);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
