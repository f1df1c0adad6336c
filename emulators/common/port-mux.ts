// One public port for gRPC and HTTP/1.1 (the Scheduler's and Cloud Tasks'): the first bytes of a
// connection decide. HTTP/2 (the gRPC preface) is injected into the guarded grpc-js server; anything
// else goes to the in-process HTTP server (REST, admin, faults). Silent connections are closed.
import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import net from 'node:net';
import { sniffConnection } from './protocol-sniff.ts';

export interface PortMux {
  port: number;
  close(): Promise<void>;
}

export interface PortMuxTargets {
  /** Takes HTTP/2 connections (a grpc-js connection injector). */
  grpc: { injectConnection(socket: net.Socket): void };
  http: HttpServer;
}

export async function startPortMux(host: string, port: number, targets: PortMuxTargets): Promise<PortMux> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    sniffConnection(socket, {
      http2: (s) => targets.grpc.injectConnection(s),
      http1: (s) => {
        targets.http.emit('connection', s);
        // The sniffer paused the socket to unshift what it read; the HTTP parser needs it flowing.
        s.resume();
      },
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
