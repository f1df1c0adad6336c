// The HTTP/1.1 side of the scheduler port: REST jobs routes and the admin clock endpoint, with
// every DevkitError turned into Google's JSON error shape at this one edge.
import { createServer, type Server } from 'node:http';
import {
  type BrowserGuardOptions,
  enforceHeaderDeadline,
  HTTP_STATUS,
  type Logger,
  notFound,
  refuseForeignBrowser,
  toDevkitError,
} from '../../common/index.ts';
import { type IdentityIssuer, serveIdentity } from '../../identity/index.ts';
import type { SchedulerService } from '../run/scheduler-service.ts';
import { type AdminResponse, type ClockControl, handleAdmin } from './admin-http.ts';
import { routeRest } from './rest-routes.ts';

export function errorResponse(err: unknown): AdminResponse {
  const e = toDevkitError(err);
  const status = e.details.httpStatus ?? HTTP_STATUS[e.code];
  return { status, json: { error: { code: status, message: e.message, status: e.code } } };
}

/** Google caps a job at 1 MB; its JSON (base64 bodies) fits in 2 MiB. Larger: 413, not buffered. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** A node HTTP server that never listens itself: the port mux hands it connections. */
export function createHttpServer(
  service: SchedulerService,
  clock: ClockControl,
  logger: Logger,
  guard: BrowserGuardOptions = {},
  identity?: IdentityIssuer,
): Server {
  const server = createServer((req, res) => {
    if (refuseForeignBrowser(req, res, guard)) return;
    if (identity && serveIdentity(identity, req, res)) return;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
      else if (!res.headersSent) {
        // Answer at once, then keep reading (and dropping) so the client can read the 413 instead
        // of a reset; past DRAIN_LIMIT_BYTES the connection is cut.
        const json = { error: { code: 413, message: 'Request body too large', status: 'INVALID_ARGUMENT' } };
        res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify(json));
      } else if (size > DRAIN_LIMIT_BYTES) req.socket.destroy();
    });
    req.on('end', async () => {
      if (size > MAX_BODY_BYTES) return;
      const url = new URL(req.url ?? '/', 'http://scheduler');
      const request = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let response: AdminResponse;
      try {
        response =
          routeRest(request, service) ??
          (await handleAdmin(request, clock)) ??
          errorResponse(notFound(`no route for ${request.method} ${request.path}`));
      } catch (err) {
        response = errorResponse(err);
        if (response.status >= 500) logger.error('scheduler http request failed', { error: String(err) });
      }
      res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(response.json));
    });
  });
  enforceHeaderDeadline(server);
  return server;
}
