// Raw TCP for hostile clients: send exact bytes, collect what comes back, notice who closed.
import net from 'node:net';

export interface RawResult {
  received: Buffer;
  /** True when the server closed (or reset) the connection before we gave up waiting. */
  closedByPeer: boolean;
}

/** Writes `chunks` (one write each, back to back) and waits up to `waitMs` for the peer to close. */
export function sendRaw(host: string, port: number, chunks: Buffer[], waitMs = 1_000): Promise<RawResult> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    let settled = false;
    const socket = net.connect({ host, port, noDelay: true }, () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    const finish = (closedByPeer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(received), closedByPeer });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

export interface HeldSocket {
  socket: net.Socket;
  /** Resolves with the time (ms since `openHeld`) at which the server closed it. */
  closed: Promise<number>;
}

/** Opens a connection, writes `bytes` (may be empty) and keeps it open until the server closes it. */
export function openHeld(host: string, port: number, bytes: Buffer): Promise<HeldSocket> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => {
      if (bytes.length > 0) socket.write(bytes);
      resolve({ socket, closed });
    });
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.on('data', () => undefined);
    socket.once('error', (err) => {
      if (!socket.connecting) return;
      reject(err);
    });
  });
}
