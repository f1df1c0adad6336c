// Bounds how long an HTTP/1 connection may hold a socket without a complete request: Node enforces
// its own headersTimeout only for servers that listen themselves, not for injected sockets.
import type http from 'node:http';
import type net from 'node:net';

/** Request line + headers must arrive within this long of connecting or of the last response. */
export const HTTP1_HEADERS_TIMEOUT_MS = 10_000;

interface SocketState {
  open: number;
  timer?: NodeJS.Timeout;
}

/**
 * Destroys a connection that has no request in progress and has not completed the next request's
 * headers within `timeoutMs` of connecting (or of its last response). A request whose headers
 * have arrived is never cut by this (long uploads and long polls stay). Works for listening
 * servers and for servers fed with `emit('connection', socket)`.
 */
export function enforceHeaderDeadline(
  server: http.Server,
  timeoutMs: number = HTTP1_HEADERS_TIMEOUT_MS,
): void {
  const states = new WeakMap<net.Socket, SocketState>();
  const arm = (socket: net.Socket, state: SocketState) => {
    clearTimeout(state.timer);
    if (socket.destroyed) return;
    state.timer = setTimeout(() => {
      if (state.open === 0) socket.destroy();
    }, timeoutMs);
    state.timer.unref();
  };
  server.on('connection', (socket: net.Socket) => {
    const state: SocketState = { open: 0 };
    states.set(socket, state);
    arm(socket, state);
    socket.once('close', () => clearTimeout(state.timer));
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    const state = states.get(socket);
    if (!state) return;
    state.open++;
    clearTimeout(state.timer);
    res.once('close', () => {
      state.open--;
      if (state.open === 0) arm(socket, state);
    });
  });
}
