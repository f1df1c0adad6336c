// One public port for gRPC and HTTP/1.1: the first bytes of a connection decide. HTTP/2 (the
// gRPC preface "PRI * HTTP/2.0") is piped to the loopback gRPC server; anything else is handed to
// the in-process HTTP server (REST routes and the admin clock endpoint).
import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import net from 'node:net';

export interface PortMux {
  port: number;
  close(): Promise<void>;
}

export async function startPortMux(
  host: string,
  port: number,
  grpcPort: number,
  http: HttpServer,
): Promise<PortMux> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = net.createServer((socket) => {
    track(socket);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) return;
      socket.off('data', onData);
      socket.pause();
      if (head.subarray(0, 3).toString('latin1') === 'PRI') {
        const upstream = net.connect(grpcPort, '127.0.0.1');
        track(upstream);
        upstream.write(head);
        socket.pipe(upstream).pipe(socket);
        socket.on('close', () => upstream.destroy());
        upstream.on('close', () => socket.destroy());
        socket.resume();
      } else {
        socket.unshift(head);
        http.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
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
