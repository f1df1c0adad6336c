// A throwaway redis-server child: free port, loopback only, no persistence, stopped with the stack.
import { connect } from 'node:net';
import { ConfigError } from '../config/index.ts';
import { startServerChild } from './children.ts';
import { freePort } from './free-port.ts';

export interface RedisServerOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Path or name of the binary; default `redis-server` from PATH (or $REDIS_SERVER_BIN). */
  binary?: string;
  readyTimeoutMs?: number;
}

export interface StartedRedis {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const INSTALL_HINT =
  'Install it (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) ' +
  'or set REDIS_URL=redis://host:port to use a Redis you already run.';

/** Spawns redis-server and resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<StartedRedis> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const args = ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no'];
  args.push('--protected-mode', 'no', '--daemonize', 'no', '--loglevel', 'warning');
  const server = await startServerChild({
    name: 'redis-server',
    binary,
    args,
    notFound: () => new ConfigError(`redis-server was not found (${binary}). ${INSTALL_HINT}`, 'REDIS_URL'),
    ready: () => waitForPing(host, port, options.readyTimeoutMs ?? 10_000),
  });
  const { stop } = server;
  return {
    url: `redis://${host}:${port}`,
    host,
    port,
    pid: server.child.pid!,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Resolves when a Redis at host:port answers PING with PONG; rejects with the last error after timeoutMs. */
export async function waitForPing(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      await pingOnce(host, port, Math.min(1000, deadline - Date.now()));
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`Redis at ${host}:${port} did not answer PING within ${timeoutMs} ms (${lastError})`);
}

/** One raw PING over TCP: no client library, so readiness checks stay cheap. */
export function pingOnce(host: string, port: number, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error('timed out')));
    socket.once('error', (err) => done(err));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n'))
        done(reply.startsWith('+PONG') ? undefined : new Error(`unexpected reply ${reply.trim()}`));
    });
  });
}
