// One public port for gRPC and HTTP/1.1: the shared sniffer reads the first bytes; HTTP/2 goes to
// the guarded grpc-js injector, anything else to the in-process HTTP server (REST, admin, faults).
import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import net from 'node:net';
import { sniffConnection } from '../../common/index.ts';

export interface PortMux {
  port: number;
  close(): Promise<void>;
}

export interface PortMuxTargets {
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
        s.resume();
      },
    });
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
