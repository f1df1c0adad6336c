// The HTTP/1.1 side of the Tasks port: the REST mapping, the admin clock, `/_devkit/faults` and the
// identity issuer's routes, with every DevkitError turned into Google's JSON error shape here.
import { createServer, type Server } from 'node:http';
import {
  type BrowserGuardOptions,
  createBrowserGuard,
  enforceHeaderDeadline,
  HTTP_STATUS,
  type Logger,
  notFound,
  toDevkitError,
} from '../../common/index.ts';
import { FAULT_ADMIN_PATH, type FaultInjector, handleFaultAdmin } from '../../faults/index.ts';
import { type IdentityIssuer, serveIdentity } from '../../identity/index.ts';
import { rpcFault, rpcTable } from '../grpc/grpc-server.ts';
import type { TasksService } from '../run/tasks-service.ts';
import { type ClockControl, handleClockAdmin } from './admin-http.ts';
import { INSPECT_PATH, inspectQueues } from './inspect-routes.ts';
import { matchRest, unimplemented } from './rest-routes.ts';

export function errorJson(err: unknown): { status: number; json: unknown } {
  const e = toDevkitError(err);
  const status = e.details.httpStatus ?? HTTP_STATUS[e.code];
  return { status, json: { error: { code: status, message: e.message, status: e.code } } };
}

export interface HttpDeps {
  service: TasksService;
  clock: ClockControl;
  logger: Logger;
  faults: FaultInjector;
  /** The common browser guard's options (the bind host). */
  guard?: BrowserGuardOptions;
  /** Its certs, JWKS, discovery and tokeninfo are served on this port too. */
  identity?: IdentityIssuer;
}

async function respond(deps: HttpDeps, method: string, url: URL, body: string) {
  const path = url.pathname;
  if (path === FAULT_ADMIN_PATH || path.startsWith(`${FAULT_ADMIN_PATH}/`)) {
    const r = handleFaultAdmin(deps.faults, method, path, body);
    return { status: r.status, json: r.body };
  }
  if (path === INSPECT_PATH && method === 'GET') return { status: 200, json: inspectQueues(deps.service) };
  const admin = await handleClockAdmin(method, path, body, deps.clock);
  if (admin) return admin;
  const call = matchRest(method, path, url.searchParams, body);
  if (!call) throw notFound(`no route for ${method} ${path}`);
  const fn = rpcTable(deps.service)[call.rpc];
  if (!fn) throw unimplemented(call.rpc);
  const target = /\/queues\/([^/:]+)/.exec(path)?.[1];
  await rpcFault(deps.faults, call.rpc, target);
  return { status: 200, json: call.reply(fn(call.request)) };
}

/** A node HTTP server that never listens itself: the port mux hands it connections. */
export function createHttpServer(deps: HttpDeps): Server {
  const refuseForeign = createBrowserGuard(deps.guard?.bindHost);
  const server = createServer((req, res) => {
    if (refuseForeign(req, res)) return;
    if (deps.identity && serveIdentity(deps.identity, req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let out: { status: number; json: unknown };
      try {
        out = await respond(
          deps,
          req.method ?? 'GET',
          new URL(req.url ?? '/', 'http://tasks'),
          Buffer.concat(chunks).toString('utf8'),
        );
      } catch (err) {
        out = errorJson(err);
        if (out.status >= 500 && out.status !== 501)
          deps.logger.error('tasks http request failed', { error: String(err) });
      }
      res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(out.json));
    });
  });
  enforceHeaderDeadline(server);
  return server;
}
