// A throwaway redis-server child: free port, no persistence, stopped with the stack. Protected
// mode stays on; bound off loopback it also requires a generated password (carried in its URL).
import { randomBytes } from 'node:crypto';
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
  /**
   * `requirepass`; default: none on a loopback host, a random one otherwise (an open Redis on the
   * network would take anyone's commands). Pass the same one to restart it for the same clients.
   */
  password?: string;
}

export interface StartedRedis {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Set when the server requires one (bound off loopback); also in `url` as redis://:PASSWORD@host:port. */
  readonly password?: string;
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
  const password =
    options.password ?? (bindsLoopbackOnly(host) ? undefined : randomBytes(24).toString('base64url'));
  // The password comes in a config file on stdin (`-` in the config file's place), not in argv:
  // `ps` shows every process's arguments to every user.
  const args = password ? ['-'] : [];
  args.push('--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no');
  args.push('--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning');
  const server = await startServerChild({
    name: 'redis-server',
    binary,
    args,
    stdin: password ? `requirepass "${password}"\n` : undefined,
    notFound: () => new ConfigError(`redis-server was not found (${binary}). ${INSTALL_HINT}`, 'REDIS_URL'),
    ready: () => waitForPing(host, port, options.readyTimeoutMs ?? 10_000, password),
  });
  const { stop } = server;
  const auth = password ? `:${encodeURIComponent(password)}@` : '';
  return {
    url: `redis://${auth}${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    pid: server.child.pid!,
    password,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * Resolves when a Redis at host:port answers PING with PONG (after AUTH when `password` is given);
 * rejects with the last error after timeoutMs.
 */
export async function waitForPing(
  host: string,
  port: number,
  timeoutMs: number,
  password?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      await pingOnce(host, port, Math.min(1000, deadline - Date.now()), password);
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`Redis at ${host}:${port} did not answer PING within ${timeoutMs} ms (${lastError})`);
}

/** One raw PING over TCP (AUTH first with a password): no client library, so readiness checks stay cheap. */
export function pingOnce(host: string, port: number, timeoutMs = 1000, password?: string): Promise<void> {
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
    socket.once('connect', () => socket.write(`${password ? resp(['AUTH', password]) : ''}PING\r\n`));
    socket.on('data', (d) => {
      reply += d.toString();
      const lines = reply.split('\r\n');
      const wanted = password ? 2 : 1;
      if (lines.length <= wanted) return;
      const bad = lines.slice(0, wanted).find((l, i) => l !== (i === wanted - 1 ? '+PONG' : '+OK'));
      done(bad === undefined ? undefined : new Error(`unexpected reply ${bad}`));
    });
  });
}

/** A command in RESP, so a password with spaces or quotes stays one argument. */
function resp(parts: string[]): string {
  return `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
}

/** A bind address only this machine can reach (0.0.0.0 and :: are every interface). */
function bindsLoopbackOnly(host: string): boolean {
  return host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}
