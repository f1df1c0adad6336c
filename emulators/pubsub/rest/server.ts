// The REST adapter: a node HTTP/1 server (fed sniffed sockets) that routes v1 JSON requests to
// the same operations gRPC uses and renders errors the way Google's JSON APIs do.
import http from 'node:http';
import {
  type BrowserGuardOptions,
  createBrowserGuard,
  DevkitError,
  enforceHeaderDeadline,
  HTTP_STATUS,
  type Logger,
  toDevkitError,
} from '../../common/index.ts';
import { FAULT_ADMIN_PATH, handleFaultAdmin } from '../../faults/index.ts';
import { type IdentityIssuer, serveIdentity } from '../../identity/index.ts';
import { publisherOps } from '../api/publisher-ops.ts';
import { subscriberOps } from '../api/subscriber-ops.ts';
import type { PubSubFaults } from '../faults/pubsub-faults.ts';
import { iamOps } from '../iam/iam-ops.ts';
import { schemaOps } from '../schemas/schema-ops.ts';
import type { PubSubState } from '../state/index.ts';
import { restFormat } from '../wire/values.ts';
import { handleInspect, INSPECT_PATH } from './inspect-routes.ts';
import { camelizeKeys } from './json-names.ts';
import { route } from './routes.ts';
import { checkKnownFields, UnknownFieldsError } from './unknown-fields.ts';

const OPS = { publisher: publisherOps, subscriber: subscriberOps, schema: schemaOps, iam: iamOps };

/** Large enough for a 10 MB publish in base64, small enough that garbage cannot exhaust memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function createRestServer(
  state: PubSubState,
  logger: Logger,
  faults: PubSubFaults,
  guard: BrowserGuardOptions = {},
  identity?: IdentityIssuer,
): http.Server {
  const refuseForeign = createBrowserGuard(guard.bindHost);
  const server = http.createServer((req, res) => {
    if (refuseForeign(req, res)) return;
    if (identity && serveIdentity(identity, req, res)) return;
    handle(state, faults, req, res).catch((err) => sendError(res, err, logger));
  });
  enforceHeaderDeadline(server);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

async function handle(
  state: PubSubState,
  faults: PubSubFaults,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('Ok\n');
    return;
  }
  if (url.pathname === FAULT_ADMIN_PATH || url.pathname.startsWith(`${FAULT_ADMIN_PATH}/`)) {
    const admin = handleFaultAdmin(
      faults.injector,
      method,
      url.pathname,
      (await readBody(req)).toString('utf8'),
    );
    res.writeHead(admin.status, { 'content-type': 'application/json' }).end(JSON.stringify(admin.body));
    return;
  }
  if (url.pathname.startsWith(`${INSPECT_PATH}/`)) {
    const text = JSON.stringify(handleInspect(state, method, url));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(text);
    return;
  }
  const raw = await readJson(req);
  const body = camelizeKeys(raw) as Record<string, unknown>;
  const r = route(method, url.pathname, url.searchParams, body);
  checkKnownFields(r.rpc, raw);
  const op = OPS[r.service][r.rpc];
  if (!op) throw new DevkitError('UNIMPLEMENTED', `${r.rpc} is not implemented`);
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const result = await faults.wrapOp(r.rpc, op)(state, r.request, restFormat, abort.signal);
  // Proto3 JSON leaves out an empty page token, as Google's REST API does.
  const text = JSON.stringify(result, (key, value) =>
    key === 'nextPageToken' && value === '' ? undefined : value,
  );
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(text);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DevkitError('INVALID_ARGUMENT', 'Invalid JSON payload received.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DevkitError('INVALID_ARGUMENT', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    // Past the cap the rest is read and dropped (up to 64 MiB more) before the 413: a socket closed
    // with unread bytes is reset, and the reset can destroy the answer before the client reads it.
    if (total > MAX_BODY_BYTES + 64 * 1024 * 1024) break;
    if (total <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (total > MAX_BODY_BYTES) {
    throw new DevkitError('INVALID_ARGUMENT', 'Request body too large', { httpStatus: 413 });
  }
  return Buffer.concat(chunks);
}

function sendError(res: http.ServerResponse, err: unknown, logger: Logger): void {
  const e = toDevkitError(err);
  if (e.code === 'INTERNAL') logger.error('internal error', { error: String(err) });
  const status = e.details.httpStatus ?? HTTP_STATUS[e.code];
  const details =
    e instanceof UnknownFieldsError
      ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: e.violations }]
      : e.details.reason
        ? [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: e.details.reason,
              domain: e.details.domain,
              metadata: e.details.metadata,
            },
          ]
        : undefined;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 413) headers.connection = 'close';
  res
    .writeHead(status, headers)
    .end(JSON.stringify({ error: { code: status, message: e.message, status: e.code, details } }));
}
