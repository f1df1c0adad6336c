// Makes an HTTP/2 server (node:http2, or the ones grpc-js creates) survive hostile frames: a
// stream reset before it is answered must not throw out of the server, and a session that never
// sends a request is closed.
import http2 from 'node:http2';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from './logger.ts';

export interface Http2GuardOptions {
  /** A session that opens no stream within this long gets GOAWAY, then is destroyed (10 s). */
  firstRequestTimeoutMs?: number;
  logger?: Logger;
  /**
   * Streams answered here instead of by grpc-js, by `:path`: the handler takes the stream (true)
   * or leaves it to grpc-js (false). Such streams get the same guard.
   */
  direct?: ReadonlyMap<
    string,
    (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => boolean
  >;
  /**
   * Receive windows to advertise instead of HTTP/2's 64 KiB. With 64 KiB a client sending a 1 MiB
   * request waits for 16 WINDOW_UPDATEs, each a turn of our event loop; Go's gRPC grows its
   * windows to 16 MiB (BDP estimation) for the same reason.
   */
  window?: Http2Window;
}

export interface Http2Window {
  /** Per stream (SETTINGS_INITIAL_WINDOW_SIZE). */
  streamBytes: number;
  /** For the whole connection. */
  sessionBytes: number;
}

export const HTTP2_FIRST_REQUEST_TIMEOUT_MS = 10_000;
/** How long a peer told to go away may take to close before its socket is destroyed. */
const GOAWAY_GRACE_MS = 1_000;

/** A session whose peer resets this many streams before they reach the handler is sent away. */
export const HTTP2_MAX_DEAD_STREAMS = 100;

const guarded = new WeakSet<object>();
const isDead = (stream: http2.ServerHttp2Stream) => stream.destroyed || stream.closed;
/** Stream methods that throw (ERR_HTTP2_INVALID_STREAM, ...) once the peer has reset the stream. */
const ANSWERING = [
  'respond',
  'additionalHeaders',
  'sendTrailers',
  'respondWithFD',
  'respondWithFile',
] as const;

function guardStream(stream: http2.ServerHttp2Stream, logger?: Logger): void {
  // grpc-js listens with `once`; a second error event must not become an uncaught one.
  stream.on('error', () => undefined);
  const target = stream as unknown as Record<string, unknown>;
  for (const name of ANSWERING) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function guarded(this: http2.ServerHttp2Stream, ...args: unknown[]) {
      if (this.destroyed || this.closed) return undefined;
      try {
        return original.apply(this, args);
      } catch (err) {
        // The peer reset or broke the stream between our checks and the write: drop the stream,
        // never the process.
        logger?.debug('http2 stream answer failed', { method: name, error: String(err) });
        this.destroy();
        return undefined;
      }
    };
  }
}

function guardSession(session: http2.ServerHttp2Session, timeoutMs: number, window?: Http2Window): void {
  session.on('error', () => undefined);
  if (window) {
    session.setLocalWindowSize(window.sessionBytes);
    session.settings({ initialWindowSize: window.streamBytes });
  }
  // Rapid reset (HEADERS + RST_STREAM, over and over): past the limit the peer is told to go away.
  let dead = 0;
  session.prependListener('stream', (stream: http2.ServerHttp2Stream) => {
    if (isDead(stream) && ++dead === HTTP2_MAX_DEAD_STREAMS) {
      session.destroy(new Error('HTTP/2 rapid reset'), http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
    }
  });
  const timer = setTimeout(() => {
    if (session.destroyed) return;
    session.close();
    setTimeout(() => session.destroy(), GOAWAY_GRACE_MS).unref();
  }, timeoutMs);
  timer.unref();
  session.once('stream', () => clearTimeout(timer));
  session.once('close', () => clearTimeout(timer));
}

/**
 * Hardens a node:http2 server in place (idempotent): streams the peer reset before they were
 * dispatched never reach the handlers, stream answers after a peer's RST_STREAM become no-ops
 * instead of throwing, stream/session errors are absorbed, a session with
 * `HTTP2_MAX_DEAD_STREAMS` such streams (rapid reset) is destroyed, and a session that opens no
 * stream within `firstRequestTimeoutMs` is closed. Its listeners run before any added later.
 */
export function guardHttp2Server(server: http2.Http2Server, options: Http2GuardOptions = {}): void {
  if (guarded.has(server)) return;
  guarded.add(server);
  const timeoutMs = options.firstRequestTimeoutMs ?? HTTP2_FIRST_REQUEST_TIMEOUT_MS;
  // A stream the peer reset in the same read as its HEADERS is gone before anyone could answer
  // it: handing it on only makes the handler answer a dead stream (which throws) and costs CPU.
  const emit = server.emit;
  const direct = options.direct;
  server.emit = function filtered(this: http2.Http2Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'stream') {
      const stream = args[0] as http2.ServerHttp2Stream;
      if (isDead(stream)) return false;
      // Before any listener, and before a direct answer takes the stream.
      guardStream(stream, options.logger);
      const headers = args[1] as http2.IncomingHttpHeaders;
      const answer = direct?.get(headers[':path'] as string);
      if (answer?.(stream, headers)) return true;
    }
    return emit.call(this, event, ...args);
  } as typeof server.emit;
  server.prependListener('session', (session) => guardSession(session, timeoutMs, options.window));
  server.on('sessionError', () => undefined);
}

/**
 * Hardens every HTTP/2 server a grpc-js Server has created so far (call it after
 * `createConnectionInjector` or `bindAsync`). grpc-js keeps them in a private map; if a grpc-js
 * update renames it this throws at start rather than leaving a port unguarded.
 */
export function guardGrpcServer(server: grpc.Server, options: Http2GuardOptions = {}): void {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(servers instanceof Map)) {
    throw new Error('guardGrpcServer: @grpc/grpc-js no longer exposes http2Servers; update http2-guard.ts');
  }
  for (const http2Server of servers.keys()) guardHttp2Server(http2Server, options);
}

/** `server.createConnectionInjector` with the guard applied: feed it sniffed HTTP/2 sockets. */
export function createGuardedInjector(
  server: grpc.Server,
  credentials: grpc.ServerCredentials,
  options: Http2GuardOptions = {},
): ReturnType<grpc.Server['createConnectionInjector']> {
  const injector = server.createConnectionInjector(credentials);
  guardGrpcServer(server, options);
  return injector;
}
