// One port, two protocols: reads the first bytes of each connection and hands HTTP/2 (the
// client preface) to gRPC and everything else to the HTTP/1 server, which answers garbage 400.
import type net from 'node:net';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** A connection that never finishes a partial preface is closed after this long. */
const SNIFF_TIMEOUT_MS = 10_000;

export interface SniffTargets {
  http2(socket: net.Socket): void;
  http1(socket: net.Socket): void;
}

export function sniffConnection(socket: net.Socket, targets: SniffTargets): void {
  let seen = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), SNIFF_TIMEOUT_MS);
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
