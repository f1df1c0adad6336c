// One port, two protocols: reads the first bytes of a connection and hands HTTP/2 (the client
// preface) to one handler and anything else to the HTTP/1 one; a connection that stays silent,
// or stops partway through the preface, is closed.
import type net from 'node:net';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** A connection that has not told HTTP/1 from HTTP/2 within this long is destroyed. */
export const SNIFF_TIMEOUT_MS = 10_000;

export interface SniffTargets {
  /** Gets the socket paused, with the preface unshifted back. */
  http2(socket: net.Socket): void;
  /** Gets the socket paused, with what was read unshifted back (resume it once attached). */
  http1(socket: net.Socket): void;
}

/**
 * Decides as soon as the bytes disagree with the HTTP/2 preface (HTTP/1) or match all of it
 * (HTTP/2); until then nothing is handed on. Silence for `timeoutMs` destroys the socket.
 */
export function sniffConnection(
  socket: net.Socket,
  targets: SniffTargets,
  timeoutMs: number = SNIFF_TIMEOUT_MS,
): void {
  let seen = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  const done = () => {
    clearTimeout(timer);
    socket.removeListener('data', onData);
    socket.removeListener('error', onError);
    socket.removeListener('close', onClose);
    socket.pause();
    socket.unshift(seen);
  };
  const onData = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE.length);
    const matches = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
    if (matches && seen.length < PREFACE.length) return;
    done();
    if (matches) targets.http2(socket);
    else targets.http1(socket);
  };
  const onError = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const onClose = () => clearTimeout(timer);
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
}
