// The HTTP/1.1 side of the scheduler port: REST jobs routes and the admin clock endpoint, with
// every DevkitError turned into Google's JSON error shape at this one edge.
import { createServer, type Server } from 'node:http';
import {
  type BrowserGuardOptions,
  createBrowserGuard,
  enforceHeaderDeadline,
  HTTP_STATUS,
  type Logger,
  notFound,
  readBodyWithin,
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

/** A node HTTP server that never listens itself: the port mux hands it connections. */
export function createHttpServer(
  service: SchedulerService,
  clock: ClockControl,
  logger: Logger,
  guard: BrowserGuardOptions = {},
  identity?: IdentityIssuer,
): Server {
  const refuseForeign = createBrowserGuard(guard.bindHost);
  const server = createServer((req, res) => {
    if (refuseForeign(req, res)) return;
    if (identity && serveIdentity(identity, req, res)) return;
    void readBodyWithin(req, res, MAX_BODY_BYTES).then(
      async (raw) => {
        if (raw === undefined) return; // answered 413
        const url = new URL(req.url ?? '/', 'http://scheduler');
        const request = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body: raw.toString('utf8'),
        };
        let response: AdminResponse;
        try {
          response =
            routeRest(request, service) ??
            (await handleAdmin(request, clock)) ??
            errorResponse(notFound(`no route for ${request.method} ${request.path}`));
        } catch (err) {
          response = errorResponse(err);
          // 501 is a route we answer on purpose (Locations), not a fault.
          if (response.status >= 500 && response.status !== 501)
            logger.error('scheduler http request failed', { error: String(err) });
        }
        res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(response.json));
      },
      () => res.destroy(),
    ); // the client went away mid-body
  });
  enforceHeaderDeadline(server);
  return server;
}
