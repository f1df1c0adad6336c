// The node:http server: parse, route, send, and map every failure at one edge. Malformed HTTP
// (e.g. oversized headers) is answered by Node itself with 4xx and never reaches the handlers.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createBrowserGuard, enforceHeaderDeadline, type Logger } from '../../common/index.ts';
import { type ApiRequest, parseRequest } from './api-request.ts';
import type { HttpEnv } from './env.ts';
import { send, sendError } from './reply.ts';
import { route } from './router.ts';

export function createStorageServer(env: HttpEnv, logger: Logger, fallbackBase: () => string): Server {
  // No overall request deadline: a multi-GiB upload over a slow link may take longer than Node's
  // default 300 s; idle sockets are still closed by the keep-alive and headers timeouts.
  let bindHost: string | undefined;
  // Browser pages (foreign Origin) and DNS rebinding (foreign Host) are refused before routing.
  const refuseForeign = createBrowserGuard(() => {
    // The bound address, read once (server.address() is a getsockname call per request).
    if (bindHost === undefined) {
      const bound = server.address();
      bindHost = typeof bound === 'object' && bound ? bound.address : '';
    }
    return bindHost || undefined;
  });
  const handle = async (req: ApiRequest, res: ServerResponse) => {
    try {
      await send(req, res, await route(env, req));
    } catch (err) {
      sendError(req, res, err, logger);
    } finally {
      logger.debug('request', { method: req.method, path: req.path, status: res.statusCode });
    }
  };
  const server = createServer({ maxHeaderSize: 64 * 1024, requestTimeout: 0 }, (raw, res) => {
    if (refuseForeign(raw, res)) return;
    void handle(parseRequest(raw, fallbackBase()), res);
  });
  // A client that stops sending mid-upload without closing its socket must not hold the upload
  // session (whose PUTs are serialized) forever.
  server.setTimeout(120_000, (socket) => socket.destroy());
  enforceHeaderDeadline(server);
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return server;
}
